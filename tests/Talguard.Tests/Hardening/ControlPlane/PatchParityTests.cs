using Talguard.Findings;
using Talguard.Hardening.ControlPlane;
using Talguard.Hardening.SecretsAtRest;
using static Talguard.Tests.Support.Yaml;

namespace Talguard.Tests.Hardening.ControlPlane;

/// <summary>The same setting gives the same finding in a full config, a bare strategic-merge patch and a v1.14 split document (issue #10).</summary>
public class PatchParityTests
{
    private const string Full = "version: v1alpha1\nmachine:\n  type: controlplane\n";

    private const string Split = "apiVersion: v1alpha1\n";

    public static TheoryData<string, string, string> PresentValues => new()
    {
        { "TG-K8S-001", "cluster:\n  apiServer:\n    extraArgs:\n      anonymous-auth: true\n", "cluster.apiServer.extraArgs.anonymous-auth" },
        { "TG-K8S-002", "cluster:\n  scheduler:\n    extraArgs:\n      profiling: \"true\"\n", "cluster.scheduler.extraArgs.profiling" },
        { "TG-K8S-003", "machine:\n  kubelet:\n    extraArgs:\n      authorization-mode: AlwaysAllow\n", "machine.kubelet.extraArgs.authorization-mode" },
        { "TG-K8S-004", "cluster:\n  apiServer:\n    extraArgs:\n      disable-admission-plugins: PodSecurity\n", "cluster.apiServer.extraArgs.disable-admission-plugins" },
        { "TG-K8S-005", "cluster:\n  controllerManager:\n    extraArgs:\n      tls-min-version: VersionTLS10\n", "cluster.controllerManager.extraArgs.tls-min-version" },
        { "TG-K8S-006", "machine:\n  kubelet:\n    extraConfig:\n      readOnlyPort: 10255\n", "machine.kubelet.extraConfig.readOnlyPort" },
        { "TG-K8S-007", "machine:\n  kubelet:\n    defaultRuntimeSeccompProfileEnabled: false\n", "machine.kubelet.defaultRuntimeSeccompProfileEnabled" },
        { "TG-K8S-008", "machine:\n  sysctls:\n    kernel.yama.ptrace_scope: \"0\"\n", "machine.sysctls[\"kernel.yama.ptrace_scope\"]" },
        { "TG-K8S-010", "cluster:\n  discovery:\n    registries:\n      kubernetes:\n        disabled: false\n", "cluster.discovery.registries.kubernetes.disabled" },
    };

    public static TheoryData<string, string, string> SplitDocuments => new()
    {
        { "TG-K8S-001", "kind: KubeAPIServerConfig\nextraArgs:\n  anonymous-auth: \"true\"\n", "extraArgs.anonymous-auth" },
        { "TG-K8S-002", "kind: KubeControllerManagerConfig\nextraArgs:\n  profiling: \"true\"\n", "extraArgs.profiling" },
        { "TG-K8S-006", "kind: KubeletConfig\nconfig:\n  authentication:\n    anonymous:\n      enabled: true\n", "config.authentication.anonymous.enabled" },
        { "TG-K8S-007", "kind: KubeletConfig\ndefaultRuntimeSeccompProfileEnabled: false\n", "defaultRuntimeSeccompProfileEnabled" },
        { "TG-K8S-008", "kind: SysctlConfig\nparams:\n  kernel.kptr_restrict: \"0\"\n", "params[\"kernel.kptr_restrict\"]" },
        { "TG-SEC-003", "kind: KubeEtcdEncryptionConfig\nconfig:\n  resources:\n    - resources: [secrets]\n      providers:\n        - identity: {}\n", "config.resources[0].providers" },
    };

    [Theory]
    [MemberData(nameof(PresentValues))]
    public void A_present_value_fires_alike_in_a_full_config_and_in_a_bare_patch(string ruleId, string body, string path)
    {
        const string machine = "machine:\n";
        var inConfig = Findings(ruleId, Full + (body.StartsWith(machine, StringComparison.Ordinal) ? body[machine.Length..] : body));
        var inPatch = Findings(ruleId, body);

        Assert.Equal(path, Assert.Single(inPatch).Location.Path);
        Assert.Equal(path, Assert.Single(inConfig).Location.Path);
        Assert.Equal(inConfig[0].Message, inPatch[0].Message);
        Assert.Equal(inConfig[0].Patch, inPatch[0].Patch);
    }

    [Theory]
    [MemberData(nameof(SplitDocuments))]
    public void A_present_value_fires_in_a_v1_14_split_document_alone_and_beside_a_full_config(string ruleId, string body, string path)
    {
        Assert.Equal(path, Assert.Single(Findings(ruleId, Split + body)).Location.Path);
        Assert.Equal(path, Assert.Single(Findings(ruleId, Full + "---\n" + Split + body), f => f.Location.Document == 1).Location.Path);
    }

    [Theory]
    [InlineData("TG-K8S-007", "machine:\n  kubelet:\n    image: ghcr.io/siderolabs/kubelet:v1.34.1\n")]
    [InlineData("TG-K8S-009", "machine:\n  install:\n    image: ghcr.io/siderolabs/installer:v1.11.5\n")]
    [InlineData("TG-SEC-001", "cluster:\n  clusterName: demo\n")]
    [InlineData("TG-SEC-002", "cluster:\n  aescbcEncryptionSecret: c2VjcmV0\n")]
    public void What_a_lone_patch_lacks_is_not_judged(string ruleId, string patch) =>
        Assert.Empty(Findings(ruleId, patch));

    [Theory]
    [InlineData("TG-K8S-001", "apiServer:\n    extraArgs:\n      anonymous-auth: \"true\"\n")]
    [InlineData("TG-K8S-003", "apiServer:\n    extraArgs:\n      authorization-mode: AlwaysAllow\n")]
    [InlineData("TG-K8S-005", "etcd:\n    extraArgs:\n      cipher-suites: TLS_RSA_WITH_AES_128_CBC_SHA\n")]
    public void Control_plane_component_flags_on_a_worker_are_not_judged_as_Talos_ignores_them(string ruleId, string component) =>
        Assert.Empty(Findings(ruleId, "version: v1alpha1\nmachine:\n  type: worker\ncluster:\n  " + component));

    private static IReadOnlyList<Finding> Findings(string ruleId, string text)
    {
        var rule = ControlPlaneRules.Instance.ScanRules.Concat(SecretsAtRestRules.Instance.ScanRules).Single(r => r.Descriptor.Id == ruleId);
        return Check(rule, ("input.yaml", text));
    }
}
