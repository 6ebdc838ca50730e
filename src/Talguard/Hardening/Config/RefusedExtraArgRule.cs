using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.Config;

/// <summary>TG-CONF-004: an <c>extraArgs</c> flag Talos sets itself and refuses to take from the config.</summary>
public sealed class RefusedExtraArgRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-CONF-004", Severity.High, Section.Config,
        "extraArgs flag Talos refuses",
        "Talos owns these flags (certificates, etcd wiring, the encryption config, the authorizer chain); setting them makes the component's " +
        "static pod or service fail (\"extra arg ... is not allowed\").",
        "Delete the flag (see patch); use the Talos field that owns the setting instead.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "2.2.1", "CC8.1"));

    private static readonly Dictionary<KubeComponent, HashSet<string>> Denied = new()
    {
        [KubeComponent.ApiServer] = new(StringComparer.Ordinal)
        {
            "encryption-provider-config", "etcd-servers", "etcd-cafile", "etcd-certfile", "etcd-keyfile", "client-ca-file",
            "requestheader-client-ca-file", "proxy-client-cert-file", "proxy-client-key-file", "kubelet-client-certificate",
            "kubelet-client-key", "service-account-key-file", "service-account-signing-key-file", "tls-cert-file",
            "tls-private-key-file", "authorization-config",
        },
        [KubeComponent.ControllerManager] = new(StringComparer.Ordinal)
        {
            "cluster-signing-cert-file", "cluster-signing-key-file", "authentication-kubeconfig", "authorization-kubeconfig",
            "root-ca-file", "service-account-private-key-file",
        },
        [KubeComponent.Etcd] = new(StringComparer.Ordinal)
        {
            "name", "data-dir", "listen-client-urls", "listen-peer-urls", "advertise-client-urls", "initial-advertise-peer-urls",
            "cert-file", "key-file", "trusted-ca-file", "peer-cert-file", "peer-key-file", "peer-trusted-ca-file",
            "client-cert-auth", "peer-client-cert-auth", "auto-tls", "peer-auto-tls",
        },
        [KubeComponent.Kubelet] = new(StringComparer.Ordinal)
        {
            "bootstrap-kubeconfig", "kubeconfig", "container-runtime", "container-runtime-endpoint", "config", "cert-dir",
        },
    };

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            var hasAuthorizationConfig = ApiServerAuthorization.IsConfigured(file);
            foreach (var component in ExtraArgs.In(file.Documents))
            {
                foreach (var arg in component.Args)
                {
                    if (Reason(component.Component, arg.Name, arg.Value.Path, hasAuthorizationConfig) is { } reason)
                    {
                        context.ReportField(Definition, component.Document, arg.Value, reason, TalosPatch.Delete(component.Document, arg.Value));
                    }
                }
            }
        }
    }

    private static string? Reason(KubeComponent component, string name, string place, bool hasAuthorizationConfig)
    {
        if (component == KubeComponent.ApiServer && name == "encryption-provider-config")
        {
            return $"Talos refuses {place}: it already encrypts Secrets with secretbox (cluster.secretboxEncryptionSecret); " +
                "a custom EncryptionConfiguration is possible only from Talos v1.14 with a KubeEtcdEncryptionConfig document";
        }

        if (component == KubeComponent.ApiServer && hasAuthorizationConfig && (name == "authorization-mode" || name.StartsWith("authorization-webhook-", StringComparison.Ordinal)))
        {
            return $"Talos refuses {place} together with cluster.apiServer.authorizationConfig: configure the authorizers there only";
        }

        return Denied.TryGetValue(component, out var denied) && denied.Contains(name)
            ? $"Talos refuses {place}: it sets this flag itself, and the component fails to start (\"extra arg {name} is not allowed\")"
            : null;
    }
}
