using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Tests.Findings;

public class RuleScopeTests
{
    private const string ControlPlane = "version: v1alpha1\nmachine:\n  type: controlplane\n";
    private const string Worker = "version: v1alpha1\nmachine:\n  type: worker\n";
    private const string Patch = "apiVersion: v1alpha1\nkind: VolumeConfig\nname: STATE\n";
    private const string Manifest = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n";
    private const string Kubeconfig = "apiVersion: v1\nkind: Config\nclusters: []\n";

    [Theory]
    [InlineData("TG-DISK-001", ControlPlane, true)]
    [InlineData("TG-DISK-001", Patch, false)]
    [InlineData("TG-DISK-003", Patch, true)]
    [InlineData("TG-DISK-001", Manifest, false)]
    [InlineData("TG-AUD-001", ControlPlane, true)]
    [InlineData("TG-AUD-001", Worker, false)]
    [InlineData("TG-AUD-001", Manifest, true)]
    [InlineData("TG-PSS-001", ControlPlane, true)]
    [InlineData("TG-PSS-006", ControlPlane, false)]
    [InlineData("TG-PSS-006", Manifest, true)]
    [InlineData("TG-ACC-004", Manifest, true)]
    [InlineData("TG-ACC-001", Manifest, false)]
    [InlineData("TG-NET-002", Patch, true)]
    [InlineData("TG-NET-001", Patch, false)]
    [InlineData("TG-CERT-005", Kubeconfig, true)]
    [InlineData("TG-K8S-001", Kubeconfig, false)]
    public void Rules_apply_to_the_inputs_spec_rules_md_names(string ruleId, string text, bool applies)
    {
        var section = Section.All.Single(s => ruleId.StartsWith($"TG-{s.IdPrefix}-", StringComparison.Ordinal));
        var rule = RuleDescriptor.Create(ruleId, Severity.High, section, "t", "r", "m");
        Assert.Equal(applies, RuleScope.AppliesTo(rule, InputLoader.Parse("input.yaml", null, text)));
    }
}
