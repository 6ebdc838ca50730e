using Talguard.Compliance;
using Talguard.Findings;
using Talguard.Tests.Support;

namespace Talguard.Tests.Compliance;

/// <summary>The shipped catalogs against the control lists in ../shared/compliance and the rule descriptors.</summary>
public class CatalogTests
{
    [Fact]
    public void Every_CIS_control_of_the_benchmark_is_in_the_catalog_with_its_title_and_section()
    {
        var catalog = ComplianceCatalogs.Get(RuleControls.CisKey)!;
        var expected = Rows("compliance/cis-1.10-controls.tsv").Select(r => (Id: r[0], Section: r[1], Type: r[2], Title: r[3], SectionTitle: r[6])).ToList();
        Assert.Equal(130, expected.Count);
        Assert.Equal(expected.Select(e => e.Id), catalog.Controls.Select(c => c.Id));
        foreach (var row in expected)
        {
            var control = catalog.Find(row.Id)!;
            Assert.Equal(row.Title, control.Title);
            Assert.Equal(row.Section, control.Section);
            Assert.Equal(row.Type == "automated", control.Automated);
            Assert.Equal(row.SectionTitle, catalog.SectionTitles[control.Section]);
        }
    }

    [Theory]
    [InlineData(RuleControls.PciDssKey, "compliance/pci-dss-4.0.tsv")]
    [InlineData(RuleControls.Soc2Key, "compliance/soc2-tsc-2017.tsv")]
    public void Every_control_of_the_PCI_and_SOC2_catalogs_exists_in_the_framework(string framework, string list)
    {
        var known = Rows(list).Select(r => r[0]).ToHashSet(StringComparer.Ordinal);
        var invented = ComplianceCatalogs.Get(framework)!.Controls.Select(c => c.Id).Where(id => !known.Contains(id)).ToList();
        Assert.True(invented.Count == 0, $"{framework} controls not in {list}: {string.Join(", ", invented)}");
    }

    [Theory]
    [InlineData(RuleControls.CisKey)]
    [InlineData(RuleControls.PciDssKey)]
    [InlineData(RuleControls.Soc2Key)]
    public void Every_control_a_rule_names_is_in_the_catalog(string framework)
    {
        var catalog = ComplianceCatalogs.Get(framework)!;
        var missing = ComplianceCatalogs.RulesByControl(framework)
            .Where(pair => catalog.Find(pair.Key) is null)
            .Select(pair => $"{pair.Key} ({string.Join(", ", pair.Value.Select(r => r.Id))})")
            .ToList();
        Assert.True(missing.Count == 0, $"controls on rule descriptors missing from the {framework} catalog: {string.Join("; ", missing)}");
    }

    [Theory]
    [InlineData(RuleControls.CisKey)]
    [InlineData(RuleControls.PciDssKey)]
    [InlineData(RuleControls.Soc2Key)]
    public void No_rule_is_mapped_to_a_control_that_cannot_apply_to_Talos(string framework)
    {
        var catalog = ComplianceCatalogs.Get(framework)!;
        var contradictions = ComplianceCatalogs.RulesByControl(framework)
            .Where(pair => catalog.Find(pair.Key)?.Talos == TalosApplicability.NotApplicable)
            .Select(pair => pair.Key)
            .ToList();
        Assert.Empty(contradictions);
    }

    [Theory]
    [InlineData(RuleControls.CisKey)]
    [InlineData(RuleControls.PciDssKey)]
    [InlineData(RuleControls.Soc2Key)]
    public void Every_control_that_is_not_plainly_applicable_says_why(string framework)
    {
        var silent = ComplianceCatalogs.Get(framework)!.Controls
            .Where(c => c.Talos != TalosApplicability.Applicable && c.Note.Length == 0)
            .Select(c => c.Id)
            .ToList();
        Assert.Empty(silent);
    }

    [Fact]
    public void The_Talos_profile_covers_every_check_kube_bench_skips_on_Talos()
    {
        // Sidero's kube-bench skip list (the talos_note column's "skip:" rows) gets evidence or a reason instead of a skip.
        var skipped = Rows("compliance/cis-1.10-controls.tsv").Where(r => r[4].StartsWith("skip:", StringComparison.Ordinal)).Select(r => r[0]).ToList();
        Assert.Equal(29, skipped.Count);
        var catalog = ComplianceCatalogs.Get(RuleControls.CisKey)!;
        foreach (var id in skipped)
        {
            var control = catalog.Find(id)!;
            Assert.True(control.Talos != TalosApplicability.Applicable || control.Probes.Any(p => p.Required), $"{id} has neither a Talos default, a reason nor a probe");
        }
    }

    [Fact]
    public void Catalog_titles_of_PCI_and_SOC2_are_Talguards_own_words()
    {
        foreach (var (framework, list, column) in new[] { (RuleControls.PciDssKey, "compliance/pci-dss-4.0.tsv", 1), (RuleControls.Soc2Key, "compliance/soc2-tsc-2017.tsv", 2) })
        {
            var reference = Rows(list).ToDictionary(r => r[0], r => r[column], StringComparer.Ordinal);
            var copied = ComplianceCatalogs.Get(framework)!.Controls.Where(c => reference.GetValueOrDefault(c.Id) == c.Title).Select(c => c.Id).ToList();
            Assert.True(copied.Count == 0, $"{framework} titles copied from {list}: {string.Join(", ", copied)}");
        }
    }

    [Fact]
    public void A_malformed_catalog_line_names_its_place()
    {
        var error = Assert.Throws<InvalidDataException>(() => ComplianceCatalog.Parse("x.tsv", new StringReader("framework\tx\tX\t1\ncontrol\t1\t1\tsometimes\tnode\tapplicable\t-\t-\tT\t-\n")));
        Assert.StartsWith("x.tsv:2:", error.Message, StringComparison.Ordinal);
    }

    private static List<string[]> Rows(string relative) =>
        [.. File.ReadLines(SharedData.Require(relative)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t'))];
}
