using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Talguard.Cli.Rendering;
using Talguard.Findings;
using Talguard.Model;
using Talguard.Reports;

namespace Talguard.Tests.Reports;

/// <summary>
/// Reports of hostile inputs stay in proportion to what a reader can act on. No timings are asserted: a
/// report that no longer grows with the number of findings, and findings of bounded size, are what made
/// 200,000 duplicate keys render in seconds instead of 44 s and 4.5 GB.
/// </summary>
public class ReportScaleTests
{
    private static readonly string[] Formats = ["table", "json", "sarif", "junit"];

    /// <summary>A worker config whose sysctls mapping repeats one key <paramref name="count"/> times.</summary>
    public static string DuplicateKeys(int count)
    {
        var text = new StringBuilder("version: v1alpha1\nmachine:\n  type: worker\n  sysctls:\n");
        for (var i = 0; i < count; i++)
        {
            text.Append("    a: \"1\"\n");
        }

        return text.ToString();
    }

    /// <summary>A worker config with <paramref name="count"/> unknown keys under <c>machine:</c>, three bytes each.</summary>
    public static string UnknownKeys(int count) =>
        "version: v1alpha1\nmachine: {type: worker, " + string.Concat(Enumerable.Repeat("a, ", count)) + "b}\n";

    private static ScanResult Scan(string text, params ExceptionEntry[] exceptions) =>
        Scanner.Scan([InputLoader.Parse("big.yaml", null, text)], new ScanOptions { Exceptions = exceptions });

    private static string Render(string format, ScanResult result) => ReportGoldenTests.Render(format switch
    {
        "json" => new JsonReportWriter(),
        "sarif" => new SarifReportWriter(),
        "junit" => new JUnitReportWriter(),
        _ => new TableReportWriter(),
    }, result);

    private static List<Finding> Of(ScanResult result, string ruleId) => [.. result.Findings.Where(f => f.RuleId == ruleId)];

    [Fact(Timeout = 300_000)]
    public async Task Two_hundred_thousand_duplicate_keys_give_a_report_no_larger_than_two_hundred_do()
    {
        await Task.Yield();
        var small = Scan(DuplicateKeys(200));
        var huge = Scan(DuplicateKeys(200_000));

        var duplicates = Of(huge, "TG-CONF-008");
        Assert.Equal(ScanResult.MaxFindingsPerRuleAndFile + 1, duplicates.Count);
        var summary = duplicates[^1];
        Assert.Equal($"199899 more findings of TG-CONF-008 in this file are not listed, the first of them here (a report lists at most {ScanResult.MaxFindingsPerRuleAndFile} per rule and file)", summary.Message);
        Assert.Equal((106, 5), (summary.Location.Line, summary.Location.Column));
        Assert.Equal(Severity.High, summary.Severity);
        Assert.True(huge.Fails(Severity.High));
        foreach (var format in Formats)
        {
            var smallReport = Render(format, small);
            var hugeReport = Render(format, huge);
            // Only the count in the summary differs ("99 more" and "199899 more").
            Assert.InRange(hugeReport.Length - smallReport.Length, 0, 64);
        }
    }

    [Fact(Timeout = 300_000)]
    public async Task A_hundred_thousand_unknown_keys_are_listed_up_to_the_cap_in_every_format()
    {
        await Task.Yield();
        var result = Scan(UnknownKeys(100_000));

        Assert.Equal(ScanResult.MaxFindingsPerRuleAndFile + 1, Of(result, "TG-CONF-001").Count);
        Assert.Equal(ScanResult.MaxFindingsPerRuleAndFile + 1, Of(result, "TG-CONF-008").Count);
        Assert.All(Formats, format => Assert.InRange(Render(format, result).Length, 1, 512 * 1024));
    }

    [Fact]
    public void Suppressed_findings_are_capped_apart_from_active_ones_and_keep_their_suppression()
    {
        var exception = new ExceptionEntry("TG-CONF-008", "big.yaml", "generated file", null, null, ".talguard.yaml", 2);
        var result = Scan(DuplicateKeys(500), exception);

        var duplicates = Of(result, "TG-CONF-008");
        Assert.Equal(ScanResult.MaxFindingsPerRuleAndFile + 1, duplicates.Count);
        Assert.All(duplicates, f => Assert.Equal("generated file", f.SuppressionReason));
        Assert.StartsWith("399 more suppressed findings of TG-CONF-008", duplicates[^1].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Active, f => f.RuleId == "TG-CONF-008");
    }

    [Fact]
    public void A_rule_keeps_only_what_a_report_lists_and_counts_the_rest()
    {
        var model = new ClusterModel([InputLoader.Parse("big.yaml", null, DuplicateKeys(20_000))]);
        using var scan = new ScanContext(model, new ScanOptions());
        var context = scan.ForRule(Talguard.Hardening.Config.DuplicateKeyRule.Definition);

        new Talguard.Hardening.Config.DuplicateKeyRule().Check(context);

        Assert.Equal(ScanResult.MaxFindingsPerRuleAndFile + 1, context.Findings.Count);
        Assert.StartsWith("19899 more findings of TG-CONF-008", context.Findings[^1].Message, StringComparison.Ordinal);
    }

    /// <summary>An inline ignore may name any one of the findings, so with one in the file every finding is kept until suppressions are applied.</summary>
    [Fact]
    public void An_inline_ignore_beyond_the_cap_still_suppresses_its_finding_and_only_that_one()
    {
        var lines = DuplicateKeys(300).Split('\n');
        lines[249] += " # talguard:ignore TG-CONF-008 generated";
        var result = Scan(string.Join('\n', lines));

        var duplicates = Of(result, "TG-CONF-008");
        var suppressed = Assert.Single(duplicates, f => f.Suppressed);
        Assert.Equal((250, "generated"), (suppressed.Location.Line, suppressed.SuppressionReason));
        Assert.Equal(ScanResult.MaxFindingsPerRuleAndFile + 1, duplicates.Count(f => !f.Suppressed));
        Assert.StartsWith("198 more findings of TG-CONF-008", duplicates.Single(f => f.Location.Line == 106).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Beyond_the_table_limit_the_table_format_is_one_line_per_finding()
    {
        var rule = RuleDescriptor.Create("TG-CONF-008", Severity.High, Section.Config, "Key written twice in one mapping", "r", "m");
        var findings = Enumerable.Range(0, TableReportWriter.MaxTableRows + 1)
            .Select(i => new Finding(rule, Severity.High, "`a` is already defined at line 5", new Location($"f{i / 50:D3}.yaml", 6 + (i % 50), 5, 0, 0, "", "machine.a")))
            .ToList();

        var table = Render("table", new ScanResult(findings, TalosConfigFile.Defaults.Talos, TalosConfigFile.Defaults.Kubernetes));

        var lines = table.Split('\n');
        Assert.Equal("f000.yaml:6:5: high TG-CONF-008 `a` is already defined at line 5", lines[0]);
        Assert.Equal(TableReportWriter.MaxTableRows + 1, lines.Count(l => l.Contains(": high TG-CONF-008 ", StringComparison.Ordinal)));
        Assert.EndsWith("1001 findings (1001 high), 21 files scanned\n", table, StringComparison.Ordinal);
    }

    [Fact]
    public void A_notice_about_an_expired_exception_quotes_its_glob_and_owner_shortened()
    {
        var glob = string.Concat(Enumerable.Repeat("a/", 2000));
        var expired = new ExceptionEntry("TG-CONF-008", glob, "lab", new string('o', 100_000), new DateOnly(2020, 1, 1), ".talguard.yaml", 2);

        var notice = Assert.Single(Scan(DuplicateKeys(2), expired).Notices);

        Assert.InRange(notice.Length, 1, 400);
        Assert.Contains("expired on 2020-01-01", notice, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_finding_takes_the_highest_severity_it_stands_for()
    {
        var rule = RuleDescriptor.Create("TG-CONF-008", Severity.Low, Section.Config, "t", "r", "m");
        var findings = Enumerable.Range(1, 150)
            .Select(line => new Finding(rule, line == 140 ? Severity.Critical : Severity.Low, "m", new Location("f.yaml", line, 1, 0, 0, "", "")))
            .ToList();

        var result = new ScanResult(findings, TalosConfigFile.Defaults.Talos, TalosConfigFile.Defaults.Kubernetes);

        Assert.Equal(101, result.Findings.Count);
        Assert.Equal((101, Severity.Critical), (result.Findings[^1].Location.Line, result.Findings[^1].Severity));
        Assert.True(result.Fails(Severity.Critical));
    }

    /// <summary>A quoted value of any size (the JSON writer used to fail on a 200 MB scalar) yields a message of bounded size.</summary>
    [Fact]
    public void A_huge_quoted_value_is_shortened_in_the_message_and_the_location_stays_exact()
    {
        var tag = "v1.12.0" + new string('x', 4 * 1024 * 1024);
        var text = "version: v1alpha1\nmachine:\n  type: worker\n  install:\n    image: ghcr.io/siderolabs/installer:" + tag + "\n";
        var result = Scan(text);

        var quoting = result.Findings.Where(f => f.Message.Contains("xxxx", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(quoting);
        Assert.All(quoting, f =>
        {
            Assert.InRange(f.Message.Length, 1, Finding.MaxMessageChars);
            Assert.Contains(DisplayText.Ellipsis, f.Message);
        });
        Assert.Contains(quoting, f => f.Location is { Line: 5, Column: 12, Path: "machine.install.image" });
        Assert.All(result.Findings, f => Assert.True(f.Patch is null || f.Patch.Length <= Finding.MaxPatchChars));
        Assert.All(Formats, format => Assert.InRange(Render(format, result).Length, 1, 256 * 1024));
    }

    [Fact]
    public void A_huge_key_is_shortened_in_the_path_and_the_message()
    {
        var key = new string('k', 1_000_000);
        // YAML allows an implicit key of at most 1024 characters; an explicit one (`? key`) may be of any length.
        var result = Scan($"version: v1alpha1\nmachine:\n  type: worker\n  ? {key}\n  : 1\n  ? {key}\n  : 2\n");

        var duplicate = Assert.Single(Of(result, "TG-CONF-008"));
        Assert.Equal((6, 5), (duplicate.Location.Line, duplicate.Location.Column));
        Assert.Equal(Finding.MaxNameChars, duplicate.Location.Path.Length);
        Assert.StartsWith("`" + new string('k', 60), duplicate.Message, StringComparison.Ordinal);
        Assert.InRange(duplicate.Message.Length, 1, 300);
        Assert.All(Formats, format => Assert.InRange(Render(format, result).Length, 1, 256 * 1024));
    }

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    public void Pss_reports_shorten_a_huge_workload_name(string format)
    {
        var directory = Directory.CreateTempSubdirectory("talguard-scale-");
        try
        {
            var path = Path.Combine(directory.FullName, "pod.yaml");
            File.WriteAllText(path, $"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {new string('p', 4 * 1024 * 1024)}\n  namespace: default\n" +
                "spec:\n  hostPID: true\n  containers:\n  - name: c\n    image: busybox\n");

            var outcome = Support.Cli.Run("pss", "--level", "baseline", "--format", format, path);

            Assert.Equal((1, string.Empty), (outcome.ExitCode, outcome.Stderr));
            Assert.InRange(outcome.Stdout.Length, 1, 16 * 1024);
            Assert.Contains(DisplayText.Ellipsis, outcome.Stdout);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Capped_reports_are_valid_json_sarif_and_xml()
    {
        var result = Scan(DuplicateKeys(1_000));
        using var json = JsonDocument.Parse(Render("json", result));
        Assert.Equal(101, json.RootElement.GetProperty("findings").EnumerateArray().Count(f => f.GetProperty("ruleId").GetString() == "TG-CONF-008"));
        using var sarif = JsonDocument.Parse(Render("sarif", result));
        Assert.Equal(101, sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Count(f => f.GetProperty("ruleId").GetString() == "TG-CONF-008"));
        Assert.NotNull(XDocument.Parse(Render("junit", result)).Root);
    }
}
