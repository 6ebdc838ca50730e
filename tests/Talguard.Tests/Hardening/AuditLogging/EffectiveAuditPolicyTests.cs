using Talguard.Findings;
using static Talguard.Tests.Hardening.AuditLogging.AuditFindings;

namespace Talguard.Tests.Hardening.AuditLogging;

/// <summary>Which policy a controlplane's API server loads: file override, inline, or the Talos default.</summary>
public class EffectiveAuditPolicyTests
{
    private const string LeakyFile = """
          files:
            - path: /var/lib/kubernetes/audit-policy.yaml
              op: create
              permissions: 0o600
              content: |
                apiVersion: audit.k8s.io/v1
                kind: Policy
                omitStages: [RequestReceived]
                rules:
                  - level: RequestResponse
        """;

    [Fact]
    public void Policy_file_behind_a_mount_is_read_from_machine_files()
    {
        var config = ControlPlaneConfig(
            "extraArgs:\n  audit-policy-file: /etc/kubernetes/audit-policy.yaml\nextraVolumes:\n  - hostPath: /var/lib/kubernetes\n    mountPath: /etc/kubernetes\n    readonly: true\n",
            LeakyFile + "\n");
        var finding = Assert.Single(Scan(config));
        Assert.Equal(("TG-AUD-001", "machine.files[0].content"), (finding.RuleId, finding.Location.Path));
        Assert.StartsWith("policy file /var/lib/kubernetes/audit-policy.yaml (machine.files[0]), rules[0]:", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mountPath: /etc/kubernetes/audit-policy.yaml\n    hostPath: /var/lib/kubernetes/audit-policy.yaml")]
    [InlineData("mountPath: /etc/\n    hostPath: /var/lib//")]
    public void Mount_of_the_file_itself_or_a_parent_directory(string volume)
    {
        var config = ControlPlaneConfig($"extraArgs:\n  audit-policy-file: /etc/kubernetes/audit-policy.yaml\nextraVolumes:\n  - {volume}\n", LeakyFile + "\n");
        Assert.Equal(["TG-AUD-001 machine.files[0].content"], Summary(config));
    }

    [Fact]
    public void Deepest_mount_wins()
    {
        var volumes = "extraVolumes:\n  - {hostPath: /var/lib, mountPath: /etc}\n  - {hostPath: /var/other, mountPath: /etc/kubernetes}\n";
        var finding = Assert.Single(Scan(ControlPlaneConfig("extraArgs:\n  audit-policy-file: /etc/kubernetes/audit-policy.yaml\n" + volumes, LeakyFile + "\n")));
        Assert.Equal(("TG-AUD-009", Severity.Info), (finding.RuleId, finding.Severity));
        Assert.Contains("/var/other/audit-policy.yaml", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "is not inside any cluster.apiServer.extraVolumes mount")]
    [InlineData("extraVolumes:\n  - {hostPath: /var/lib/other, mountPath: /etc/kubernetes}\n", "no machine.files entry writes /var/lib/other/audit-policy.yaml")]
    public void Policy_file_not_among_the_inputs_is_unknown(string volumes, string reason)
    {
        var config = ControlPlaneConfig("extraArgs:\n  audit-policy-file: /etc/kubernetes/audit-policy.yaml\n" + volumes + "auditPolicy:\n  rules: []\n", LeakyFile + "\n");
        var finding = Assert.Single(Scan(config));
        Assert.Equal(("TG-AUD-009", "cluster.apiServer.extraArgs.audit-policy-file"), (finding.RuleId, finding.Location.Path));
        Assert.Contains(reason, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Appended_policy_file_is_unknown()
    {
        var config = ControlPlaneConfig("extraArgs:\n  audit-policy-file: /etc/kubernetes/audit-policy.yaml\nextraVolumes:\n  - {hostPath: /var/lib/kubernetes, mountPath: /etc/kubernetes}\n",
            LeakyFile.Replace("op: create", "op: append", StringComparison.Ordinal) + "\n");
        Assert.Equal(["TG-AUD-009 cluster.apiServer.extraArgs.audit-policy-file"], Summary(config));
    }

    [Fact]
    public void Policy_file_in_the_talos_audit_directory_needs_no_extra_volume()
    {
        var machine = LeakyFile.Replace("/var/lib/kubernetes/", "/var/log/audit/kube/", StringComparison.Ordinal) + "\n";
        Assert.Equal(["TG-AUD-001 machine.files[0].content"], Summary(ControlPlaneConfig("extraArgs:\n  audit-policy-file: [/x.yaml, /var/log/audit/kube/audit-policy.yaml]\n", machine)));
    }

    [Fact]
    public void Overriding_with_the_talos_path_keeps_the_inline_policy() =>
        Assert.Equal(["TG-AUD-002 cluster.apiServer.auditPolicy.rules"],
            Summary(ControlPlaneConfig("extraArgs:\n  audit-policy-file: /system/config/kubernetes/kube-apiserver/auditpolicy.yaml\nauditPolicy:\n  omitStages: [RequestReceived]\n  rules: [{level: Metadata, verbs: [get]}]\n")));

    [Theory]
    [InlineData("auditPolicy: {}\n")]
    [InlineData("auditPolicy:\n")]
    public void Empty_inline_policy_means_the_talos_default(string apiServer) =>
        Assert.Equal(["TG-AUD-007 cluster.apiServer.auditPolicy"], Summary(ControlPlaneConfig(apiServer)));

    [Fact]
    public void Unparseable_policy_file_is_refused()
    {
        var machine = "  files:\n    - path: /var/lib/k/p.yaml\n      op: create\n      content: \"rules: [\"\n";
        var finding = Assert.Single(Scan(ControlPlaneConfig("extraArgs:\n  audit-policy-file: /etc/k/p.yaml\nextraVolumes: [{hostPath: /var/lib/k, mountPath: /etc/k}]\n", machine)));
        Assert.Equal(("TG-AUD-008", "machine.files[0].content"), (finding.RuleId, finding.Location.Path));
        Assert.Contains("not valid YAML", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_nodes_count_as_controlplanes()
    {
        var init = ("init.yaml", "version: v1alpha1\nmachine:\n  type: init\ncluster:\n  apiServer:\n    auditPolicy:\n      omitStages: [RequestReceived]\n      rules: [{level: None}]\n");
        Assert.Equal(["TG-AUD-005 cluster.apiServer.auditPolicy.rules[0]"], Summary(init));
    }

    [Fact]
    public void Talos_1_14_policy_document_replaces_the_default_but_not_an_inline_policy()
    {
        const string Document = "---\napiVersion: v1alpha1\nkind: KubeAuditPolicyConfig\nconfiguration:\n  apiVersion: audit.k8s.io/v1\n  kind: Policy\n  omitStages: [RequestReceived]\n  rules:\n    - level: Request\n";
        var (name, text) = ControlPlaneConfig("image: registry.k8s.io/kube-apiserver:v1.35.0\n");
        var finding = Assert.Single(Scan((name, text + Document)));
        Assert.Equal(("TG-AUD-001", "configuration.rules[0]", "KubeAuditPolicyConfig", 1), (finding.RuleId, finding.Location.Path, finding.Location.Kind, finding.Location.Document));

        var (_, inline) = InlinePolicy("omitStages: [RequestReceived]\nrules: [{level: Metadata}]\n");
        Assert.Empty(Scan((name, inline + Document)));
    }
}
