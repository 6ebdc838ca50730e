using Talguard.Findings;
using Talguard.Hardening.ApiAccess;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using Talguard.Services;
using Talguard.Tests.Support;
using static Talguard.Tests.Hardening.ManifestTestKit;

namespace Talguard.Tests.Hardening.ApiAccess;

/// <summary>The read-only ClusterRole reads what an auditor needs and no Secret, as <c>talguard rbac who-can</c> computes it.</summary>
public class ReadOnlyRoleGeneratorTests
{
    private const string Binding = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: read-only-auditors
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: read-only
        subjects:
          - apiGroup: rbac.authorization.k8s.io
            kind: Group
            name: auditors
        """;

    private const string GuideRole = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: read-only
        rules:
        - apiGroups: ["*"]
          resources: ["*"]
          verbs: ["get", "list", "watch"]
        """;

    [Theory]
    [InlineData("get", "secrets", false)]
    [InlineData("list", "secrets", false)]
    [InlineData("watch", "secrets", false)]
    [InlineData("create", "pods/exec", false)]
    [InlineData("get", "pods/exec", false)]
    [InlineData("create", "pods/attach", false)]
    [InlineData("create", "pods/portforward", false)]
    [InlineData("get", "nodes/proxy", false)]
    [InlineData("create", "serviceaccounts/token", false)]
    [InlineData("delete", "pods", false)]
    [InlineData("get", "pods", true)]
    [InlineData("list", "deployments", true)]
    [InlineData("watch", "nodes", true)]
    [InlineData("get", "pods/log", true)]
    [InlineData("list", "clusterrolebindings", true)]
    public void Who_can_lists_the_bound_group_only_for_reading_what_is_not_secret(string verb, string resource, bool granted)
    {
        using var scratch = new ScratchDirectory();
        var directory = WriteManifests(Plan(HardeningProfile.Default, new ReadOnlyRoleGenerator()), scratch.Path);
        File.WriteAllText(Path.Combine(directory, "binding.yaml"), Binding);
        var result = RbacService.WhoCan(new RbacWhoCanRequest(verb, resource, [directory]));
        Assert.Equal(granted, result.Grants.Any(g => g.Subject == new RbacSubject(RbacSubject.Group, "auditors", string.Empty)));
    }

    [Fact]
    public void The_guides_role_bound_the_same_way_reads_secrets()
    {
        using var scratch = new ScratchDirectory();
        File.WriteAllText(Path.Combine(scratch.Path, "role.yaml"), GuideRole);
        File.WriteAllText(Path.Combine(scratch.Path, "binding.yaml"), Binding);
        var result = RbacService.WhoCan(new RbacWhoCanRequest("get", "secrets", [scratch.Path]));
        Assert.Contains(result.Grants, g => g.Subject.Name == "auditors");
    }

    [Fact]
    public void No_rule_uses_a_wildcard_or_a_non_resource_url_and_the_rbac_rules_stay_silent()
    {
        var plan = Plan(HardeningProfile.Default, new ReadOnlyRoleGenerator());
        var role = Assert.Single(Documents(plan, ReadOnlyRoleGenerator.FileName));
        Assert.Equal(ReadOnlyRoleGenerator.RoleName, TextAt(role, "metadata", "name"));
        var rules = ((ConfigSequence)role["rules"]!).Items.Cast<ConfigMapping>().ToList();
        Assert.All(rules, r =>
        {
            Assert.Equal(["apiGroups", "resources", "verbs"], r.Entries.Select(e => e.Key));
            var values = r.Entries.SelectMany(e => ((ConfigSequence)e.Value).Items.Cast<ConfigScalar>().Select(s => s.Text)).ToList();
            Assert.DoesNotContain(values, v => v.Contains('*', StringComparison.Ordinal) || v == "secrets");
            Assert.Equal(["get", "list", "watch"], ((ConfigSequence)r["verbs"]!).Items.Cast<ConfigScalar>().Select(s => s.Text));
        });

        using var scratch = new ScratchDirectory();
        var directory = WriteManifests(plan, scratch.Path);
        File.WriteAllText(Path.Combine(directory, "binding.yaml"), Binding);
        var findings = ScanService.Run(new ScanRequest { Paths = [directory] }).Report.Findings;
        Assert.DoesNotContain(findings, f => f.Rule.Section == Section.ApiAccess);
    }
}
