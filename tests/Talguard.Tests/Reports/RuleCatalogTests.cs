using System.Text.Json;
using System.Text.RegularExpressions;
using Talguard.Findings;
using Talguard.Reports;
using Talguard.Tests.Support;

namespace Talguard.Tests.Reports;

public partial class RuleCatalogTests
{
    [Fact]
    public void Every_descriptor_has_title_rationale_and_remediation()
    {
        var incomplete = RuleCatalog.Descriptors
            .Where(d => string.IsNullOrWhiteSpace(d.Title) || string.IsNullOrWhiteSpace(d.Rationale) || string.IsNullOrWhiteSpace(d.Remediation))
            .Select(d => d.Id).ToList();
        Assert.True(incomplete.Count == 0, "descriptors missing title, rationale or remediation: " + string.Join(", ", incomplete));
    }

    [Fact]
    public void Every_id_is_unique_and_in_its_section_prefix()
    {
        var all = RuleCatalog.Sections.SelectMany(s => s.ScanRules.Select(r => (s.Section, r.Descriptor)).Concat(s.OtherDescriptors.Select(d => (s.Section, d)))).ToList();
        var duplicates = all.GroupBy(p => p.Item2.Id).Where(g => g.Select(p => p.Item2).Distinct().Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "IDs used by more than one descriptor: " + string.Join(", ", duplicates));
        var misplaced = all.Where(p => p.Item2.Section != p.Section || !RuleId().IsMatch(p.Item2.Id) || !RuleDescriptor.IdFits(p.Item2.Id, p.Section, p.Item2.Inputs))
            .Select(p => $"{p.Item2.Id} in {p.Section.Id}").ToList();
        Assert.True(misplaced.Count == 0, "IDs outside their section's prefix: " + string.Join(", ", misplaced));
    }

    [Fact]
    public void Docs_rules_md_is_generated_from_the_current_catalog()
    {
        var path = Path.Combine(SharedData.RepositoryRoot, "docs", "rules.md");
        var expected = RulesReferenceGenerator.Markdown(RuleCatalog.Descriptors);
        var actual = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        Assert.True(expected == actual, $"docs/rules.md is stale; regenerate it with: {RulesReferenceGenerator.RegenerateCommand}");
    }

    [Fact]
    public void Markdown_gives_each_rule_an_anchor_severity_and_controls()
    {
        var markdown = RulesReferenceGenerator.Markdown(SampleRules.All.Select(r => r.Descriptor).ToList());
        Assert.Contains("<a id=\"tg-disk-001\"></a>\n### TG-DISK-001: STATE partition is not encrypted", markdown, StringComparison.Ordinal);
        Assert.Contains("**Severity:** high", markdown, StringComparison.Ordinal);
        Assert.Contains("**Controls:** pci-dss-4.0 3.5.1, 3.5.1.3 · soc2 CC6.1, CC6.7", markdown, StringComparison.Ordinal);
        Assert.Contains("## Pod security (`TG-PSS-*`)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_command_lists_the_whole_catalog_as_json()
    {
        var outcome = Support.Cli.Run("rules", "--format", "json");
        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Stdout);
        var ids = json.RootElement.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(RuleCatalog.Descriptors.Select(d => d.Id), ids);
    }

    [Fact]
    public void Rules_command_writes_markdown_to_a_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"talguard-rules-{Guid.NewGuid():N}.md");
        try
        {
            var outcome = Support.Cli.Run("rules", "--format", "markdown", "-o", path);
            Assert.Equal((0, string.Empty), (outcome.ExitCode, outcome.Stdout));
            Assert.Equal(RulesReferenceGenerator.Markdown(RuleCatalog.Descriptors), File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [GeneratedRegex("^TG-[A-Z0-9]+-[0-9]{3}$")]
    private static partial Regex RuleId();
}
