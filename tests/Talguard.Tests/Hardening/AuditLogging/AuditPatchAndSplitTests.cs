using Talguard.Findings;
using static Talguard.Tests.Hardening.AuditLogging.AuditFindings;

namespace Talguard.Tests.Hardening.AuditLogging;

/// <summary>The same audit settings judged alike in a full config, a bare patch and the v1.14 split documents (issue #10).</summary>
public class AuditPatchAndSplitTests
{
    private const string LeakyPolicy = "apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n  - level: RequestResponse\n";

    private static readonly (string, string) SplitControlPlane =
        ("controlplane.yaml", "version: v1alpha1\nmachine:\n  type: controlplane\ncluster:\n  apiServer:\n    auditPolicy:\n" + Indent(Quiet, "      "));

    private const string Quiet = "apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules: [{level: Metadata}]\n";

    [Fact]
    public void Audit_log_path_to_stdout_in_a_KubeAPIServerConfig_is_auditing_off()
    {
        var (name, text) = SplitControlPlane;
        var finding = Assert.Single(Scan((name, text + "---\napiVersion: v1alpha1\nkind: KubeAPIServerConfig\nextraArgs:\n  audit-log-path: \"-\"\n")));
        Assert.Equal(("TG-AUD-005", "extraArgs.audit-log-path", "KubeAPIServerConfig", Severity.Medium),
            (finding.RuleId, finding.Location.Path, finding.Location.Kind, finding.Severity));
        Assert.StartsWith("apiVersion: v1alpha1\nkind: KubeAPIServerConfig\nextraArgs:\n  audit-log-path: /var/log/audit/kube/kube-apiserver.log", finding.Patch, StringComparison.Ordinal);
    }

    [Fact]
    public void Short_retention_in_a_KubeAPIServerConfig_is_judged() =>
        Assert.Equal(["TG-AUD-004 extraArgs.audit-log-maxage"],
            Summary(("patch.yaml", "apiVersion: v1alpha1\nkind: KubeAPIServerConfig\nextraArgs:\n  audit-log-maxage: \"7\"\n")));

    [Theory]
    [InlineData("extraArgs:\n  audit-log-path: \"-\"\n", "TG-AUD-005 cluster.apiServer.extraArgs.audit-log-path")]
    [InlineData("extraArgs:\n  audit-log-maxbackup: \"2\"\n", "TG-AUD-004 cluster.apiServer.extraArgs.audit-log-maxbackup")]
    [InlineData("extraArgs:\n  audit-policy-file: \"\"\n", "TG-AUD-005 cluster.apiServer.extraArgs.audit-policy-file")]
    [InlineData("auditPolicy:\n" + "  apiVersion: audit.k8s.io/v1\n  kind: Policy\n  omitStages: [RequestReceived]\n  rules:\n    - level: RequestResponse\n",
        "TG-AUD-001 cluster.apiServer.auditPolicy.rules[0]")]
    public void Bare_patch_fires_as_a_full_config(string apiServer, string expected)
    {
        var patch = ("patch.yaml", "cluster:\n  apiServer:\n" + Indent(apiServer, "    "));
        Assert.Equal([expected], Summary(patch));

        // The full config also gets Talos's default policy judged where no policy is set (TG-AUD-007).
        var rule = expected[..expected.IndexOf(' ', StringComparison.Ordinal)];
        Assert.Equal([expected], Summary(ControlPlaneConfig(apiServer)).Where(f => f.StartsWith(rule, StringComparison.Ordinal)));
    }

    [Fact]
    public void Policy_document_in_a_lone_patch_is_judged()
    {
        var patch = ("patch.yaml", "apiVersion: v1alpha1\nkind: KubeAuditPolicyConfig\nconfiguration:\n" + Indent(LeakyPolicy, "  "));
        Assert.Equal(["TG-AUD-001 configuration.rules[0]"], Summary(patch));
    }

    [Fact]
    public void Lone_patch_is_not_judged_for_what_it_lacks()
    {
        // No policy (the base's stands, not Talos's default), a policy without a catch-all, a policy file held elsewhere.
        var noPolicy = ("a.yaml", "cluster:\n  apiServer:\n    image: registry.k8s.io/kube-apiserver:v1.34.1\n");
        var noCatchAll = ("b.yaml", "cluster:\n  apiServer:\n    auditPolicy:\n" + Indent(Quiet.Replace("{level: Metadata}", "{level: Metadata, verbs: [get]}", StringComparison.Ordinal), "      "));
        var elsewhere = ("c.yaml", "cluster:\n  apiServer:\n    extraArgs:\n      audit-policy-file: /etc/kubernetes/audit-policy.yaml\n");
        Assert.Empty(Scan(noPolicy, noCatchAll, elsewhere));
    }

    [Fact]
    public void Policy_file_written_by_the_patch_itself_is_judged()
    {
        var patch = ("patch.yaml",
            "machine:\n  files:\n    - path: /var/log/audit/kube/policy.yaml\n      op: create\n      content: |\n" + Indent(LeakyPolicy, "        ") +
            "cluster:\n  apiServer:\n    extraArgs:\n      audit-policy-file: /var/log/audit/kube/policy.yaml\n");
        Assert.Equal(["TG-AUD-001 machine.files[0].content"], Summary(patch));
    }
}
