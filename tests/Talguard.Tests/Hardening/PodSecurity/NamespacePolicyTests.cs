using Talguard.Hardening.PodSecurity;
using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.PodSecurity;

public class NamespacePolicyTests
{
    private static readonly PodSecurityPolicy TalosDefaults = new(
        new(PodSecurityLevel.Baseline, PolicyVersion.Latest),
        new(PodSecurityLevel.Restricted, PolicyVersion.Latest),
        new(PodSecurityLevel.Restricted, PolicyVersion.Latest));

    private static (PodSecurityPolicy Policy, List<PolicyValueError> Errors) Resolve(string labels, PodSecurityPolicy? defaults = null)
    {
        var document = Yaml.File("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n  labels:\n" + labels).Documents[0];
        var errors = new List<PolicyValueError>();
        return (NamespacePolicy.Resolve(document.At("metadata", "labels"), defaults ?? PodSecurityPolicy.Privileged, errors), errors);
    }

    private static string Show(PodSecurityPolicy policy) => $"{policy.Enforce} {policy.Audit} {policy.Warn}";

    [Fact]
    public void Missing_labels_keep_the_defaults()
    {
        var (policy, errors) = Resolve("    team: shop\n", TalosDefaults);
        Assert.Equal("baseline:latest restricted:latest restricted:latest", Show(policy));
        Assert.Empty(errors);
    }

    [Fact]
    public void Invalid_enforce_fails_closed_and_invalid_audit_and_warn_fail_open()
    {
        var (policy, errors) = Resolve("""
                pod-security.kubernetes.io/enforce: Baseline
                pod-security.kubernetes.io/audit: strict
                pod-security.kubernetes.io/warn: ""
                pod-security.kubernetes.io/warn-version: v1.022
            """, TalosDefaults);
        Assert.Equal("restricted:latest privileged:latest privileged:latest", Show(policy));
        Assert.Equal(
            ["pod-security.kubernetes.io/enforce: must be one of privileged, baseline, restricted",
             "pod-security.kubernetes.io/audit: must be one of privileged, baseline, restricted",
             "pod-security.kubernetes.io/warn: must be one of privileged, baseline, restricted",
             "pod-security.kubernetes.io/warn-version: must be \"latest\" or \"v1.x\""],
            errors.Select(e => $"{e.Key}: {e.Reason}"));
    }

    [Fact]
    public void Warn_follows_a_stricter_valid_enforce_label_with_its_version()
    {
        var (policy, _) = Resolve("""
                pod-security.kubernetes.io/enforce: restricted
                pod-security.kubernetes.io/enforce-version: v1.29
            """);
        Assert.Equal("restricted:v1.29 privileged:latest restricted:v1.29", Show(policy));
    }

    [Fact]
    public void Warn_follows_enforce_but_keeps_its_own_version_label()
    {
        var (policy, _) = Resolve("""
                pod-security.kubernetes.io/enforce: baseline
                pod-security.kubernetes.io/enforce-version: v1.29
                pod-security.kubernetes.io/warn-version: v1.30
            """);
        Assert.Equal("baseline:v1.29 privileged:latest baseline:v1.30", Show(policy));
    }

    [Fact]
    public void Warn_does_not_follow_an_invalid_enforce_or_an_explicit_warn()
    {
        Assert.Equal("restricted:latest privileged:latest privileged:latest", Show(Resolve("    pod-security.kubernetes.io/enforce: bogus\n").Policy));
        Assert.Equal("restricted:latest privileged:latest baseline:latest",
            Show(Resolve("    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/warn: baseline\n").Policy));
        Assert.Equal("baseline:latest restricted:latest restricted:latest",
            Show(Resolve("    pod-security.kubernetes.io/enforce: baseline\n", TalosDefaults).Policy));
    }

    [Fact]
    public void Invalid_versions_fall_back_to_latest()
    {
        var (policy, errors) = Resolve("    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/enforce-version: 1.30\n");
        Assert.Equal("baseline:latest privileged:latest baseline:latest", Show(policy));
        Assert.Single(errors);
    }

    [Fact]
    public void Admission_settings_come_from_the_talos_controlplane_config()
    {
        var model = new ClusterModel([Yaml.File("cp.yaml", TalosConfigs.ControlPlane(TalosConfigs.DefaultPodSecurity))]);
        var settings = AdmissionSettings.From(model);
        Assert.Equal("baseline:latest restricted:latest restricted:latest", Show(settings.Defaults));
        Assert.True(settings.IsExemptNamespace("kube-system"));
        Assert.False(settings.IsExemptNamespace("default"));
        Assert.Equal("cp.yaml (cluster.apiServer.admissionControl)", settings.Source);
    }

    [Fact]
    public void Admission_settings_come_from_a_standalone_configuration_or_upstream_defaults()
    {
        var model = new ClusterModel([Yaml.File("psa.yaml", """
            apiVersion: pod-security.admission.config.k8s.io/v1
            kind: PodSecurityConfiguration
            defaults:
              enforce: restricted
              enforce-version: v1.30
            exemptions:
              runtimeClasses: [kata]
            """)]);
        var settings = AdmissionSettings.From(model);
        Assert.Equal("restricted:v1.30 privileged:latest privileged:latest", Show(settings.Defaults));
        Assert.True(settings.IsExemptRuntimeClass("kata"));

        // Manifests alone: an assumption, Talos's generated defaults unless upstream's are asked for.
        var manifestsOnly = new ClusterModel([Yaml.File("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n")]);
        var talos = AdmissionSettings.From(manifestsOnly);
        Assert.Equal((true, "baseline:latest restricted:latest restricted:latest", true), (talos.IsAssumed, Show(talos.Defaults), talos.IsExemptNamespace("kube-system")));
        var upstream = AdmissionSettings.From(manifestsOnly, PodSecurityDefaults.Upstream);
        Assert.Equal((true, Show(AdmissionSettings.Upstream.Defaults)), (upstream.IsAssumed, Show(upstream.Defaults)));

        // A controlplane config without a PodSecurity entry is no assumption: the API server's own defaults apply.
        var controlPlane = new ClusterModel([Yaml.File("cp.yaml", "version: v1alpha1\nmachine:\n  type: controlplane\ncluster:\n  clusterName: c\n")]);
        Assert.Same(AdmissionSettings.Upstream, AdmissionSettings.From(controlPlane));
    }
}

/// <summary>Talos machine configs for the Pod Security tests.</summary>
internal static class TalosConfigs
{
    public const string DefaultPodSecurity = """
            admissionControl:
              - name: PodSecurity
                configuration:
                  apiVersion: pod-security.admission.config.k8s.io/v1alpha1
                  kind: PodSecurityConfiguration
                  defaults:
                    enforce: baseline
                    enforce-version: latest
                    audit: restricted
                    audit-version: latest
                    warn: restricted
                    warn-version: latest
                  exemptions:
                    usernames: []
                    runtimeClasses: []
                    namespaces: [kube-system]
        """;

    /// <summary>A controlplane config whose <c>cluster.apiServer</c> holds <paramref name="apiServer"/> (indented 4).</summary>
    public static string ControlPlane(string apiServer) => $"""
        version: v1alpha1
        machine:
          type: controlplane
        cluster:
          apiServer:
            image: registry.k8s.io/kube-apiserver:v1.34.1
        {apiServer}
        """;
}
