using System.Text.Json;
using NJsonSchema;
using Talguard.Findings;
using Talguard.Reports;
using Talguard.Tests.Support;

namespace Talguard.Tests.Reports;

public class SarifReportWriterTests
{
    [Fact]
    public async Task Report_with_findings_is_valid_sarif_2_1_0() =>
        await AssertValid(ReportGoldenTests.Render(new SarifReportWriter(), SampleRules.ScanSampleCluster()));

    [Fact]
    public async Task Report_without_findings_is_valid_sarif_2_1_0() =>
        await AssertValid(ReportGoldenTests.Render(new SarifReportWriter(), ReportGoldenTests.Clean()));

    [Fact]
    public async Task Whole_catalog_listing_is_valid_sarif_2_1_0() =>
        await AssertValid(Support.Cli.Run("rules", "--format", "sarif").Stdout);

    [Fact]
    public async Task Schema_rejects_a_result_without_message()
    {
        var schema = await JsonSchema.FromFileAsync(SharedData.Require("formats/sarif-schema-2.1.0.json"), TestContext.Current.CancellationToken);
        var broken = """{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"TG-X-001"}]}]}""";
        Assert.NotEmpty(schema.Validate(broken));
    }

    [Fact]
    public void Every_finding_is_a_result_pointing_at_its_rule_and_place()
    {
        var result = SampleRules.ScanSampleCluster();
        using var sarif = JsonDocument.Parse(ReportGoldenTests.Render(new SarifReportWriter(), result));
        var run = sarif.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(result.Findings.Count, results.Count);
        foreach (var (finding, sarifResult) in result.Findings.Zip(results))
        {
            Assert.Equal(finding.RuleId, sarifResult.GetProperty("ruleId").GetString());
            Assert.Equal(finding.RuleId, rules[sarifResult.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
            var physical = sarifResult.GetProperty("locations")[0].GetProperty("physicalLocation");
            Assert.Equal(finding.Location.File, physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.Equal("%SRCROOT%", physical.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
            Assert.Equal(finding.Location.Line, physical.GetProperty("region").GetProperty("startLine").GetInt32());
            Assert.Equal(finding.Location.Column, physical.GetProperty("region").GetProperty("startColumn").GetInt32());
            Assert.Equal(finding.Suppressed ? 1 : 0, sarifResult.GetProperty("suppressions").GetArrayLength());
        }
    }

    [Fact]
    public void Suppressions_say_whether_they_come_from_the_file_or_the_exceptions()
    {
        using var sarif = JsonDocument.Parse(ReportGoldenTests.Render(new SarifReportWriter(), SampleRules.ScanSampleCluster()));
        var kinds = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .SelectMany(r => r.GetProperty("suppressions").EnumerateArray())
            .Select(s => (s.GetProperty("kind").GetString(), s.GetProperty("justification").GetString()))
            .ToList();
        Assert.Equal([("inSource", "lab nodes need kernel pointers for eBPF tracing"), ("external", "debug pod, removed after the migration")], kinds);
    }

    [Fact]
    public void Fingerprint_depends_on_rule_file_and_path_but_not_line()
    {
        var finding = SampleRules.ScanSampleCluster().Findings[1];
        var moved = finding with { Location = finding.Location with { Line = 99 } };
        var otherPath = finding with { Location = finding.Location with { Path = "machine.sysctls" } };
        Assert.Equal(SarifReportWriter.Fingerprint(finding), SarifReportWriter.Fingerprint(moved));
        Assert.NotEqual(SarifReportWriter.Fingerprint(finding), SarifReportWriter.Fingerprint(otherPath));
    }

    [Theory]
    [InlineData(Severity.Critical, "error")]
    [InlineData(Severity.High, "error")]
    [InlineData(Severity.Medium, "warning")]
    [InlineData(Severity.Low, "note")]
    [InlineData(Severity.Info, "note")]
    public void Severity_maps_to_sarif_level(Severity severity, string level) =>
        Assert.Equal(level, SarifReportWriter.Level(severity));

    private static async Task AssertValid(string sarif)
    {
        var schema = await JsonSchema.FromFileAsync(SharedData.Require("formats/sarif-schema-2.1.0.json"), TestContext.Current.CancellationToken);
        var errors = schema.Validate(sarif);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }
}
