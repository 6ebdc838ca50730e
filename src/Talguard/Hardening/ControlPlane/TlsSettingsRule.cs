using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.ControlPlane;

/// <summary>TG-K8S-005: TLS below 1.2 or legacy cipher suites on a Kubernetes component.</summary>
public sealed class TlsSettingsRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-K8S-005", Severity.Medium, Section.ControlPlane,
        "Weak TLS version or cipher suites",
        "Talos runs the API server with TLS 1.2 and a CIS cipher list, and the controller manager, scheduler and kubelet with TLS 1.3. TLS 1.0/1.1 and CBC, RC4 or 3DES suites are open to known downgrade and padding-oracle attacks.",
        "Remove the tls-min-version/tls-cipher-suites overrides (or kubelet extraConfig tlsMinVersion/tlsCipherSuites), or keep them at VersionTLS12 or higher with AEAD (GCM, ChaCha20-Poly1305) suites only.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("1.2.29 4.2.12", "2.2.7 4.2.1", "CC6.7"));

    /// <summary>Go's TLS 1.2 AEAD suites with forward secrecy: what a cipher list falls back to when nothing good remains.</summary>
    private static readonly string[] AeadSuites =
    [
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    ];

    private static readonly (KubeComponent Component, string SecureVersion)[] Components =
    [
        (KubeComponent.ApiServer, "VersionTLS12"),
        (KubeComponent.ControllerManager, "VersionTLS13"),
        (KubeComponent.Scheduler, "VersionTLS13"),
        (KubeComponent.Kubelet, "VersionTLS13"),
    ];

    public override RuleDescriptor Descriptor => Definition;

    /// <summary>CBC-mode, RC4 and 3DES suites by their Go names (the names Kubernetes and etcd flags take).</summary>
    public static bool IsWeakSuite(string suite) =>
        suite.Contains("_CBC_", StringComparison.Ordinal) || suite.Contains("_RC4_", StringComparison.Ordinal) || suite.Contains("3DES", StringComparison.Ordinal);

    public static bool IsBelowTls12(string version) => version is "VersionTLS10" or "VersionTLS11";

    public override void Check(ScanContext context)
    {
        foreach (var (component, secureVersion) in Components)
        {
            foreach (var (document, arg) in ComponentArgs.Values(context, component, "tls-min-version"))
            {
                if (IsBelowTls12(arg.Value))
                {
                    context.Report(Definition, document, arg.Node, component.Name + " tls-min-version is " + arg.Value + " (below TLS 1.2)",
                        ComponentArgs.Patch(document, arg, secureVersion));
                }
            }

            CheckSuites(context, component, "tls-cipher-suites");
        }

        CheckSuites(context, KubeComponent.Etcd, "cipher-suites");
        foreach (var kubelet in context.Configs.Select(KubeletSettings.Of))
        {
            foreach (var (document, version) in kubelet.ConfigField("tlsMinVersion"))
            {
                if (version.IsScalar && IsBelowTls12(version.Value))
                {
                    context.Report(Definition, document, version, "kubelet tlsMinVersion is " + version.Value + " (below TLS 1.2)",
                        TalosPatch.Set(document, version, "VersionTLS13"));
                }
            }

            foreach (var (document, suites) in kubelet.ConfigField("tlsCipherSuites"))
            {
                var weak = suites.Items.Where(s => s.IsScalar && IsWeakSuite(s.Value)).Select(s => s.Value).ToArray();
                if (weak.Length > 0)
                {
                    // A strategic merge appends to a list, so the fix drops the override: the kubelet then uses Go's defaults, AEAD only under TLS 1.3.
                    context.Report(Definition, document, suites, "kubelet tlsCipherSuites includes " + string.Join(", ", weak), TalosPatch.Delete(document, suites));
                }
            }
        }
    }

    private static void CheckSuites(ScanContext context, KubeComponent component, string name)
    {
        foreach (var (document, arg) in ComponentArgs.Values(context, component, name))
        {
            var weak = ExtraArgs.SplitList(arg.Value).Where(IsWeakSuite).ToArray();
            if (weak.Length == 0)
            {
                continue;
            }

            var kept = ComponentArgs.Siblings(arg).SelectMany(ExtraArgs.SplitList).Where(s => !IsWeakSuite(s)).Distinct(StringComparer.Ordinal).ToArray();
            context.Report(Definition, document, arg.Node, component.Name + " " + name + " includes " + string.Join(", ", weak),
                ComponentArgs.Patch(document, arg, string.Join(',', kept.Length > 0 ? kept : AeadSuites)));
        }
    }
}
