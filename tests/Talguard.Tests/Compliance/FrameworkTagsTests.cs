using System.Text.Json;
using Talguard.Findings;
using Talguard.Tests.Support;

namespace Talguard.Tests.Compliance;

/// <summary>Issue #15 item 6: each rule's controls appear as SARIF tags, as the findings JSON's <c>frameworks</c> and in docs/rules.md.</summary>
public class FrameworkTagsTests
{
    [Fact]
    public void Sarif_rules_carry_every_control_as_a_framework_tag()
    {
        using var sarif = JsonDocument.Parse(Support.Cli.Run("scan", "--format", "sarif", ComplianceServiceTests.WeakCluster).Stdout);
        var rules = sarif.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        Assert.NotEmpty(rules);
        foreach (var rule in rules)
        {
            var id = rule.GetProperty("id").GetString()!;
            var tags = rule.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList();
            Assert.All(RuleCatalog.Find(id)!.Controls.Tags(), tag => Assert.Contains(tag, tags));
        }

        var k8s001 = rules.Single(r => r.GetProperty("id").GetString() == "TG-K8S-001");
        Assert.Contains("cis-1.10:1.2.1", k8s001.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public void Findings_json_names_the_frameworks_of_each_finding()
    {
        using var json = JsonDocument.Parse(Support.Cli.Run("scan", "--format", "json", ComplianceServiceTests.WeakCluster).Stdout);
        foreach (var finding in json.RootElement.GetProperty("findings").EnumerateArray())
        {
            var controls = RuleCatalog.Find(finding.GetProperty("ruleId").GetString()!)!.Controls;
            var frameworks = finding.GetProperty("frameworks");
            Assert.Equal(controls.Cis, frameworks.GetProperty(RuleControls.CisKey).EnumerateArray().Select(v => v.GetString()!));
            Assert.Equal(controls.PciDss, frameworks.GetProperty(RuleControls.PciDssKey).EnumerateArray().Select(v => v.GetString()!));
            Assert.Equal(controls.Soc2, frameworks.GetProperty(RuleControls.Soc2Key).EnumerateArray().Select(v => v.GetString()!));
        }
    }

    [Fact]
    public void Docs_rules_md_lists_the_controls_of_each_rule()
    {
        var markdown = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "docs", "rules.md"));
        foreach (var rule in RuleCatalog.Descriptors.Where(r => r.Controls.Tags().Any()))
        {
            var start = markdown.IndexOf($"<a id=\"{rule.Anchor}\"></a>", StringComparison.Ordinal);
            Assert.True(start >= 0, $"{rule.Id} has no entry in docs/rules.md");
            var end = markdown.IndexOf("<a id=", start + 1, StringComparison.Ordinal);
            var entry = end < 0 ? markdown[start..] : markdown[start..end];
            Assert.Contains("**Controls:**", entry, StringComparison.Ordinal);
            Assert.All(rule.Controls.Cis.Concat(rule.Controls.PciDss).Concat(rule.Controls.Soc2), id => Assert.Contains(id, entry, StringComparison.Ordinal));
        }
    }
}
