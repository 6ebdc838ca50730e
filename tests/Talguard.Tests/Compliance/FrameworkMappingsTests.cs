using System.Text.RegularExpressions;
using Talguard.Compliance;
using Talguard.Findings;
using Talguard.Tests.Support;

namespace Talguard.Tests.Compliance;

public partial class FrameworkMappingsTests
{
    [Fact]
    public void Every_implemented_rule_of_the_spec_is_mapped_to_at_least_one_control()
    {
        // The spec lists rules of capabilities still to come (TG-LIVE-*, ...); those are mapped when they are built.
        var specRules = RuleIdPattern().Matches(File.ReadAllText(SharedData.Require("spec/rules.md")))
            .Select(m => m.Value).Distinct().Where(id => RuleCatalog.Find(id) is not null).ToList();
        Assert.NotEmpty(specRules);
        var unmapped = specRules.Where(id => !FrameworkMappings.For(id).Tags().Any()).ToList();
        Assert.True(unmapped.Count == 0, "rules without framework controls: " + string.Join(", ", unmapped));
    }

    [Fact]
    public void Every_mapped_rule_is_a_rule_of_the_spec_or_the_catalog()
    {
        var specRules = RuleIdPattern().Matches(File.ReadAllText(SharedData.Require("spec/rules.md"))).Select(m => m.Value).ToHashSet();
        var stray = FrameworkMappings.MappedRules.Where(id => !specRules.Contains(id) && RuleCatalog.Find(id) is null).ToList();
        Assert.True(stray.Count == 0, "mapped IDs that are no rule: " + string.Join(", ", stray));
        Assert.Equal(FrameworkMappings.MappedRules.Count(), FrameworkMappings.MappedRules.Distinct().Count());
    }

    [Theory]
    [InlineData("cis", "compliance/cis-1.10-controls.tsv")]
    [InlineData("pci", "compliance/pci-dss-4.0.tsv")]
    [InlineData("soc2", "compliance/soc2-tsc-2017.tsv")]
    public void Every_mapped_control_exists_in_the_framework_control_list(string framework, string controlList)
    {
        var known = File.ReadLines(SharedData.Require(controlList)).Skip(1)
            .Select(line => line.Split('\t')[0]).Where(id => id.Length > 0).ToHashSet(StringComparer.Ordinal);
        var invented = FrameworkMappings.MappedRules
            .SelectMany(rule => Controls(FrameworkMappings.For(rule), framework).Select(control => (rule, control)))
            .Where(pair => !known.Contains(pair.control))
            .Select(pair => $"{pair.rule} → {pair.control}")
            .ToList();
        Assert.True(invented.Count == 0, $"controls not in {controlList}: " + string.Join(", ", invented));
    }

    [Fact]
    public void Unknown_rule_has_no_controls() =>
        Assert.Same(FrameworkControls.None, FrameworkMappings.For("TG-NONE-000"));

    private static IReadOnlyList<string> Controls(FrameworkControls controls, string framework) => framework switch
    {
        "cis" => controls.Cis,
        "pci" => controls.PciDss,
        _ => controls.Soc2,
    };

    [GeneratedRegex(@"\bTG-[A-Z0-9]+-[0-9]{3}\b")]
    private static partial Regex RuleIdPattern();
}
