using System.Text.RegularExpressions;
using Talguard.Findings;
using Talguard.Tests.Support;

namespace Talguard.Tests.Compliance;

public partial class RuleControlsTests
{
    [Fact]
    public void Every_implemented_rule_of_the_spec_is_mapped_to_at_least_one_control()
    {
        // The spec lists rules of capabilities still to come (TG-LIVE-*, ...); those are mapped when they are built.
        var specRules = RuleIdPattern().Matches(File.ReadAllText(SharedData.Require("spec/rules.md")))
            .Select(m => m.Value).Distinct().Where(id => RuleCatalog.Find(id) is not null).ToList();
        Assert.NotEmpty(specRules);
        var unmapped = specRules.Where(id => !RuleCatalog.Find(id)!.Controls.Tags().Any()).ToList();
        Assert.True(unmapped.Count == 0, "rules without framework controls: " + string.Join(", ", unmapped));
    }

    [Fact]
    public void A_rule_without_controls_says_why()
    {
        var unexplained = RuleCatalog.Descriptors.Where(d => !d.Controls.Tags().Any() && string.IsNullOrWhiteSpace(d.Controls.NoneReason)).Select(d => d.Id).ToList();
        Assert.True(unexplained.Count == 0, "rules with no control and no reason: " + string.Join(", ", unexplained));
    }

    [Theory]
    [InlineData("cis", "compliance/cis-1.10-controls.tsv")]
    [InlineData("pci", "compliance/pci-dss-4.0.tsv")]
    [InlineData("soc2", "compliance/soc2-tsc-2017.tsv")]
    public void Every_mapped_control_exists_in_the_framework_control_list(string framework, string controlList)
    {
        var known = File.ReadLines(SharedData.Require(controlList)).Skip(1)
            .Select(line => line.Split('\t')[0]).Where(id => id.Length > 0).ToHashSet(StringComparer.Ordinal);
        var invented = RuleCatalog.Descriptors
            .SelectMany(rule => Controls(rule.Controls, framework).Select(control => (rule.Id, control)))
            .Where(pair => !known.Contains(pair.control))
            .Select(pair => $"{pair.Id} → {pair.control}")
            .ToList();
        Assert.True(invented.Count == 0, $"controls not in {controlList}: " + string.Join(", ", invented));
    }

    private static IReadOnlyList<string> Controls(RuleControls controls, string framework) => framework switch
    {
        "cis" => controls.Cis,
        "pci" => controls.PciDss,
        _ => controls.Soc2,
    };

    [GeneratedRegex(@"\bTG-[A-Z0-9]+-[0-9]{3}\b")]
    private static partial Regex RuleIdPattern();
}
