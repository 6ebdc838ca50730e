using Talguard.Hardening;
using Talguard.Hardening.AuditLogging;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using Talguard.Services;
using Talguard.Tests.Support;
using static Talguard.Tests.Hardening.ClusterGeneratorHarness;

namespace Talguard.Tests.Hardening.AuditLogging;

/// <summary>The audit policy and retention the harden generator writes, merged onto <c>talosctl gen config</c> output of v1.11 to v1.14.</summary>
public sealed class AuditPolicyGeneratorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-audit-generator-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [MemberData(nameof(Versions), MemberType = typeof(ClusterGeneratorHarness))]
    public async Task Merged_onto_gen_config_it_validates_and_scans_clean(string version)
    {
        var plan = Plan(new AuditPolicyGenerator(), Profile(version));
        Assert.All(plan.Patches, p => Assert.Equal(PatchTargets.ControlPlane, p.Targets));
        Assert.Empty(plan.Accepted);
        var merged = Merge(plan, version, PatchTargets.ControlPlane);
        await AssertSchemaValid(merged, version);
        AssertScansClean(merged, plan, version, "controlplane.yaml", "TG-AUD-", "TG-CONF-");
    }

    [Theory]
    [MemberData(nameof(Versions), MemberType = typeof(ClusterGeneratorHarness))]
    public void The_merged_policy_lints_clean_and_logs_no_high_volume_read_bodies(string version)
    {
        var plan = Plan(new AuditPolicyGenerator(), Profile(version));
        var path = Path.Combine(_directory, "controlplane.yaml");
        File.WriteAllText(path, ConfigYamlWriter.Write(Merge(plan, version, PatchTargets.ControlPlane)));
        var lint = AuditLintService.Run(new AuditLintRequest { Paths = [path] });
        Assert.Empty(lint.Report.Findings);
        Assert.Empty(lint.Noise);
    }

    [Fact]
    public void V1_14_uses_the_audit_policy_and_api_server_documents_and_earlier_releases_the_v1alpha1_fields()
    {
        var split = PatchText(Plan(new AuditPolicyGenerator(), Profile("v1.14")), PatchTargets.ControlPlane);
        Assert.Contains("kind: KubeAuditPolicyConfig\n", split, StringComparison.Ordinal);
        Assert.Contains("kind: KubeAPIServerConfig\n", split, StringComparison.Ordinal);
        Assert.DoesNotContain("\ncluster:", "\n" + split, StringComparison.Ordinal);

        var main = PatchText(Plan(new AuditPolicyGenerator(), Profile("v1.13")), PatchTargets.ControlPlane);
        Assert.StartsWith("cluster:\n  apiServer:\n", main, StringComparison.Ordinal);
        Assert.DoesNotContain("kind: Kube", main, StringComparison.Ordinal);
        Assert.DoesNotContain("audit-log-path:", main, StringComparison.Ordinal);
        Assert.DoesNotContain("audit-policy-file:", main, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_are_logged_at_metadata_even_for_system_masters_and_pod_writes_with_their_body()
    {
        var merged = Merge(Plan(new AuditPolicyGenerator(), Profile("v1.13")), "v1.13", PatchTargets.ControlPlane);
        var policy = (ConfigMapping)((ConfigMapping)((ConfigMapping)merged[0]["cluster"]!)["apiServer"]!)["auditPolicy"]!;
        var read = AuditPolicyReader.Read(Yaml.File("policy.yaml", ConfigYamlWriter.Write([policy])).Documents[0].Root!);
        Assert.Empty(read.DecodeProblems);
        var evaluator = new AuditPolicyEvaluator(read.Policy);
        var admin = new AuditUser("admin", ["system:masters", "system:authenticated"]);

        string Level(string verb, string group, string resource, string subresource = "") => evaluator.Evaluate(new AuditRequest
        {
            User = admin, Verb = verb, IsResourceRequest = true, Namespace = "default", ApiGroup = group, Resource = resource, Subresource = subresource,
        }).Level;

        Assert.Equal("Metadata", Level("create", "", "secrets"));
        Assert.Equal("Metadata", Level("update", "", "configmaps"));
        Assert.Equal("Metadata", Level("create", "authentication.k8s.io", "tokenreviews"));
        Assert.Equal("Metadata", Level("create", "", "serviceaccounts", "token"));
        Assert.Equal("Metadata", Level("create", "", "pods", "exec"));
        Assert.Equal("RequestResponse", Level("create", "rbac.authorization.k8s.io", "clusterrolebindings"));
        Assert.Equal("Metadata", Level("list", "", "pods"));
        Assert.Equal("Metadata", Level("get", "apps", "deployments"));
        Assert.Equal(["RequestReceived"], read.Policy.OmitStages);
        Assert.True(read.Policy.Rules[^1].MatchesEveryRequest);
    }

    [Fact]
    public void Retention_comes_from_the_profile_and_a_shorter_one_is_accepted_with_its_reason()
    {
        var profile = Profile("v1.12") with { Audit = new AuditProfile(MaxAgeDays: 7, MaxBackups: 20, MaxSizeMegabytes: 0) };
        var plan = Plan(new AuditPolicyGenerator(), profile);
        var text = PatchText(plan, PatchTargets.ControlPlane);
        Assert.Contains("audit-log-maxage: \"7\"\n", text, StringComparison.Ordinal);
        Assert.Contains("audit-log-maxbackup: \"20\"\n", text, StringComparison.Ordinal);
        Assert.Contains("audit-log-maxsize: \"0\"\n", text, StringComparison.Ordinal);
        var accepted = Assert.Single(plan.Accepted);
        Assert.Equal("TG-AUD-004", accepted.RuleId);
        Assert.Contains("audit-log-maxage 7 < 30", accepted.Reason, StringComparison.Ordinal);
        AssertScansClean(Merge(plan, "v1.12", PatchTargets.ControlPlane), plan, "v1.12", "controlplane.yaml", "TG-AUD-", "TG-CONF-");
    }

    [Fact]
    public void The_same_profile_gives_the_same_patch_and_applying_it_twice_changes_nothing()
    {
        var plan = Plan(new AuditPolicyGenerator(), Profile("v1.13"));
        Assert.Equal(PatchText(plan, PatchTargets.ControlPlane), PatchText(Plan(new AuditPolicyGenerator(), Profile("v1.13")), PatchTargets.ControlPlane));
        var once = Merge(plan, "v1.13", PatchTargets.ControlPlane);
        var twice = TalosPatchApplier.Apply(once, TalosPatchReader.Read("patch.yaml", PatchText(plan, PatchTargets.ControlPlane)));
        Assert.Equal(ConfigYamlWriter.Write(once), ConfigYamlWriter.Write(twice));
    }
}
