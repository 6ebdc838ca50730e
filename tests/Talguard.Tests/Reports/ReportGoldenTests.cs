using System.Text;
using Talguard.Cli.Rendering;
using Talguard.Findings;
using Talguard.Model;
using Talguard.Reports;

namespace Talguard.Tests.Reports;

public class ReportGoldenTests
{
    public static string Render(IReportWriter writer, ScanResult result)
    {
        using var stream = new MemoryStream();
        writer.Write(result, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static ScanResult Clean() =>
        Scanner.Scan(new ClusterModel([InputLoader.Parse("clean.yaml", null, "version: v1alpha1\nmachine:\n  type: worker\n")]), new ScanOptions(), []);

    [Theory]
    [InlineData("json", "report.json")]
    [InlineData("sarif", "report.sarif")]
    [InlineData("junit", "report.junit.xml")]
    [InlineData("table", "report.table.txt")]
    public void Sample_cluster_report_matches_its_golden_file(string format, string golden) =>
        TestData.AssertGolden(golden, Render(Writer(format), SampleRules.ScanSampleCluster()));

    [Theory]
    [InlineData("json", "clean.json")]
    [InlineData("sarif", "clean.sarif")]
    [InlineData("junit", "clean.junit.xml")]
    [InlineData("table", "clean.table.txt")]
    public void Report_without_findings_matches_its_golden_file(string format, string golden) =>
        TestData.AssertGolden(golden, Render(Writer(format), Clean()));

    [Theory]
    [InlineData("json")]
    [InlineData("sarif")]
    [InlineData("junit")]
    [InlineData("table")]
    public void Same_input_gives_the_same_bytes(string format) =>
        Assert.Equal(Render(Writer(format), SampleRules.ScanSampleCluster()), Render(Writer(format), SampleRules.ScanSampleCluster()));

    private static IReportWriter Writer(string format) => format switch
    {
        "json" => new JsonReportWriter(),
        "sarif" => new SarifReportWriter(),
        "junit" => new JUnitReportWriter(),
        _ => new TableReportWriter(),
    };
}
