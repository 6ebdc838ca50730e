using Talguard.Hardening.AuditLogging;
using Talguard.Tests.Support;
using static Talguard.Tests.Hardening.AuditLogging.AuditFindings;

namespace Talguard.Tests.Hardening.AuditLogging;

/// <summary>What the AUD rules say about published policies: Falco's recommended one, the guide's, and our own patch.</summary>
public class PublishedPoliciesTests
{
    [Fact]
    public void Falco_recommended_policy_loads_and_only_misplaces_deployments()
    {
        var text = File.ReadAllText(SharedData.Require("falco/audit-policy.yaml"));
        var policy = Yaml.File("audit-policy.yaml", text);
        var read = AuditPolicyReader.Read(policy.Documents[0].Root!);
        Assert.Empty(read.DecodeProblems);
        Assert.Empty(AuditPolicyValidator.Validate(read.Policy));
        Assert.Equal(11, read.Policy.Rules.Count);

        // Secrets reach rule 8 (Metadata) first; RequestReceived is omitted policy-wide; the last rule is a
        // Metadata catch-all. The one mistake: "deployments" sits under the core group, so it never matches.
        var finding = Assert.Single(Scan(("audit-policy.yaml", text)));
        Assert.Equal(("TG-AUD-006", "rules[0].resources[0]", 10), (finding.RuleId, finding.Location.Path, finding.Location.Line));
        Assert.Contains("deployments (served by group apps)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Falco_policy_logs_secret_reads_at_metadata_and_pod_reads_with_bodies()
    {
        var read = AuditPolicyReader.Read(Yaml.File("p.yaml", File.ReadAllText(SharedData.Require("falco/audit-policy.yaml"))).Documents[0].Root!);
        var evaluator = new AuditPolicyEvaluator(read.Policy);
        var user = new AuditUser("alice", ["system:authenticated"]);
        AuditRequest Get(string group, string resource, string sub = "") =>
            new() { User = user, Verb = "get", IsResourceRequest = true, Namespace = "default", ApiGroup = group, Resource = resource, Subresource = sub, Name = "x" };

        Assert.Equal((AuditLevel.Metadata, 8), Decide(evaluator, Get("", "secrets")));
        Assert.Equal((AuditLevel.RequestResponse, 0), Decide(evaluator, Get("", "pods")));
        Assert.Equal((AuditLevel.Metadata, 2), Decide(evaluator, Get("", "pods", "log")));
        Assert.Equal((AuditLevel.Metadata, 10), Decide(evaluator, Get("apps", "deployments")));
        Assert.Equal((AuditLevel.None, 5), Decide(evaluator, new AuditRequest { User = user, Verb = "get", Path = "/apis/apps/v1" }));
        Assert.Equal((AuditLevel.Metadata, 10), Decide(evaluator, new AuditRequest { Verb = "get", Path = "/version" }));
    }

    /// <summary>
    /// The guide's "Comprehensive Audit Policy": audit-policy-file /etc/kubernetes/audit-policy.yaml, written by
    /// machine.files to /var/lib/kubernetes/audit-policy.yaml, with no extraVolumes mount.
    /// </summary>
    [Fact]
    public void Guide_policy_as_written_is_not_what_the_api_server_loads()
    {
        var finding = Assert.Single(Scan(GuideConfig(string.Empty)));
        Assert.Equal(("TG-AUD-009", "cluster.apiServer.extraArgs.audit-policy-file"), (finding.RuleId, finding.Location.Path));
        Assert.Contains("/etc/kubernetes/audit-policy.yaml is not inside any cluster.apiServer.extraVolumes mount", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Guide_policy_once_mounted_logs_secrets_of_system_masters_with_bodies()
    {
        var mount = "    extraVolumes:\n      - hostPath: /var/lib/kubernetes\n        mountPath: /etc/kubernetes\n        readonly: true\n";
        var finding = Assert.Single(Scan(GuideConfig(mount)));
        Assert.Equal(("TG-AUD-001", "machine.files[0].content"), (finding.RuleId, finding.Location.Path));
        Assert.Contains("rules[0]: logs Secret data at level RequestResponse", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Remediation_patch_passes_every_audit_rule()
    {
        var patched = ("controlplane.yaml", "version: v1alpha1\nmachine:\n  type: controlplane\n" + AuditRemediation.TalosPatch.ToYaml());
        Assert.Empty(Scan(patched));
        Assert.Empty(Scan(("policy.yaml", AuditRemediation.PolicyDocument)));
    }

    [Fact]
    public void Findings_carry_the_remediation_patch()
    {
        var findings = Scan(InlinePolicy("rules:\n- level: RequestResponse\n"), StandalonePolicy("rules:\n- level: RequestResponse\n"));
        Assert.All(findings.Where(f => f.Location.File == "controlplane.yaml"), f => Assert.Equal(AuditRemediation.TalosPatch.ToYaml(), f.Patch));
        Assert.All(findings.Where(f => f.Location.File == "policy.yaml"), f => Assert.Equal(AuditRemediation.PolicyDocument, f.Patch));
    }

    private static (string, string) GuideConfig(string apiServerExtra)
    {
        var guide = File.ReadAllText(SharedData.Require("seed/talos-hardening-guide.md"));
        var section = guide.IndexOf("### 1. Comprehensive Audit Policy", StringComparison.Ordinal);
        var start = guide.IndexOf("```yaml\n", section, StringComparison.Ordinal) + "```yaml\n".Length;
        var yaml = guide[start..guide.IndexOf("```", start, StringComparison.Ordinal)];
        yaml = yaml.Replace("machine:\n", "machine:\n  type: controlplane\n", StringComparison.Ordinal)
            .Replace("      audit-log-format: json\n", "      audit-log-format: json\n" + apiServerExtra, StringComparison.Ordinal);
        return ("guide.yaml", "version: v1alpha1\n" + yaml);
    }

    private static (string, int) Decide(AuditPolicyEvaluator evaluator, AuditRequest request)
    {
        var decision = evaluator.Evaluate(request);
        return (decision.Level, decision.RuleIndex);
    }
}
