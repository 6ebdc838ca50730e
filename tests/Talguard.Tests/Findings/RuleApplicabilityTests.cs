using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Tests.Findings;

public class RuleApplicabilityTests
{
    private const string ControlPlane = "version: v1alpha1\nmachine:\n  type: controlplane\n";
    private const string Worker = "version: v1alpha1\nmachine:\n  type: worker\n";
    private const string SplitPatch = "apiVersion: v1alpha1\nkind: VolumeConfig\nname: STATE\n";
    private const string BarePatch = "machine:\n  sysctls:\n    kernel.yama.ptrace_scope: \"0\"\n";
    private const string Manifest = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n";
    private const string Kubeconfig = "apiVersion: v1\nkind: Config\nclusters: []\n";

    [Theory]
    [InlineData("TG-DISK-001", ControlPlane, true)]
    [InlineData("TG-DISK-001", SplitPatch, false)]
    [InlineData("TG-DISK-001", BarePatch, false)]
    [InlineData("TG-DISK-003", SplitPatch, true)]
    [InlineData("TG-DISK-008", BarePatch, true)]
    [InlineData("TG-DISK-001", Manifest, false)]
    [InlineData("TG-AUD-001", ControlPlane, true)]
    [InlineData("TG-AUD-001", Worker, false)]
    [InlineData("TG-PSS-001", ControlPlane, true)]
    [InlineData("TG-PSS-006", ControlPlane, false)]
    [InlineData("TG-PSS-006", Manifest, true)]
    [InlineData("TG-ACC-004", Manifest, true)]
    [InlineData("TG-ACC-001", Manifest, false)]
    [InlineData("TG-ACC-001", BarePatch, true)]
    [InlineData("TG-NET-002", SplitPatch, true)]
    [InlineData("TG-NET-001", SplitPatch, false)]
    [InlineData("TG-K8S-009", BarePatch, true)]
    [InlineData("TG-CERT-005", Kubeconfig, true)]
    [InlineData("TG-K8S-001", Kubeconfig, false)]
    public void A_rule_applies_to_the_inputs_its_descriptor_declares(string ruleId, string text, bool applies)
    {
        var file = InputLoader.Parse("input.yaml", null, text);
        var model = new ClusterModel([file]);
        Assert.Equal(applies, RuleApplicability.AppliesTo(RuleCatalog.Find(ruleId)!, file, model.TalosFiles.SingleOrDefault()));
    }

    [Fact]
    public void A_rule_outside_its_releases_judges_nothing()
    {
        var file = InputLoader.Parse("cp.yaml", null, ControlPlane);
        var rule = RuleDescriptor.Create("TG-DISK-099", Severity.High, Section.DiskEncryption, "t", "r", "m",
            RuleInputs.NodeConfig, RuleControls.None("test"), new TalosVersionRange(new TalosVersion(1, 14)));
        var config = new ClusterModel([file], new TargetOverrides(new TalosVersion(1, 12))).TalosFiles.Single();
        Assert.False(RuleApplicability.Judges(rule, config));
        Assert.True(RuleApplicability.Judges(rule, new ClusterModel([file], new TargetOverrides(new TalosVersion(1, 14))).TalosFiles.Single()));
    }

    [Fact]
    public void Lone_patches_get_one_notice_naming_the_rules_not_judged()
    {
        var model = new ClusterModel([InputLoader.Parse("a.yaml", null, BarePatch), InputLoader.Parse("b.yaml", null, SplitPatch)]);
        var notice = RuleApplicability.NotJudgedOnPatches(model, RuleCatalog.ScanRules.Select(r => r.Descriptor));
        Assert.NotNull(notice);
        Assert.StartsWith("2 patch files (a.yaml, ...)", notice, StringComparison.Ordinal);
        Assert.Contains("TG-DISK-001", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("TG-DISK-008", notice, StringComparison.Ordinal);
        Assert.Null(RuleApplicability.NotJudgedOnPatches(new ClusterModel([InputLoader.Parse("cp.yaml", null, ControlPlane)]), RuleCatalog.ScanRules.Select(r => r.Descriptor)));
    }
}
