using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Talguard.Reports;
using Talguard.Tests.Support;

namespace Talguard.Tests.Reports;

public class JUnitReportWriterTests
{
    [Fact]
    public void Report_with_findings_validates_against_the_jenkins_junit_schema() =>
        AssertValid(ReportGoldenTests.Render(new JUnitReportWriter(), SampleRules.ScanSampleCluster()));

    [Fact]
    public void Report_without_findings_validates_against_the_jenkins_junit_schema() =>
        AssertValid(ReportGoldenTests.Render(new JUnitReportWriter(), ReportGoldenTests.Clean()));

    [Fact]
    public void Schema_rejects_a_testcase_without_name()
    {
        var errors = Validate("""<testsuites><testsuite name="a" tests="1" failures="0" errors="0"><testcase classname="a"/></testsuite></testsuites>""");
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Each_rule_and_file_is_one_test_case_failing_passing_or_skipped()
    {
        var report = XDocument.Parse(ReportGoldenTests.Render(new JUnitReportWriter(), SampleRules.ScanSampleCluster()));
        var cases = report.Descendants("testcase")
            .Select(c => (File: (string)c.Attribute("classname")!, Name: (string)c.Attribute("name")!, Outcome: c.Elements().FirstOrDefault()?.Name.LocalName ?? "pass"))
            .ToList();
        Assert.Contains(("cluster/controlplane.yaml", "TG-DISK-001 STATE partition is not encrypted", "failure"), cases);
        Assert.Contains(("cluster/worker.yaml", "TG-DISK-001 STATE partition is not encrypted", "pass"), cases);
        Assert.Contains(("cluster/worker.yaml", "TG-K8S-008 Sysctl weakens a kernel hardening default", "skipped"), cases);
        Assert.Contains(("cluster/workloads.yaml", "TG-PSS-006 Pod violates the enforced Pod Security level", "skipped"), cases);
        Assert.DoesNotContain(cases, c => c.File == "cluster/workloads.yaml" && c.Name.StartsWith("TG-DISK", StringComparison.Ordinal));
        Assert.Equal("2", (string)report.Root!.Attribute("failures")!);
    }

    [Fact]
    public void Failure_text_names_line_column_path_and_message()
    {
        var report = XDocument.Parse(ReportGoldenTests.Render(new JUnitReportWriter(), SampleRules.ScanSampleCluster()));
        var failure = report.Descendants("failure").Single(f => f.Parent!.Attribute("name")!.Value.StartsWith("TG-K8S-008", StringComparison.Ordinal));
        Assert.Equal("medium", (string)failure.Attribute("type")!);
        Assert.StartsWith("cluster/controlplane.yaml:7:27 machine.sysctls[\"kernel.kptr_restrict\"] [medium] kernel.kptr_restrict is 1", failure.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_has_no_timestamps_or_host_names()
    {
        var report = XDocument.Parse(ReportGoldenTests.Render(new JUnitReportWriter(), SampleRules.ScanSampleCluster()));
        Assert.DoesNotContain(report.Descendants().Attributes(), a => a.Name.LocalName is "timestamp" or "hostname" or "time");
    }

    private static void AssertValid(string xml)
    {
        var errors = Validate(xml);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private static List<string> Validate(string xml)
    {
        var schemas = new XmlSchemaSet();
        using (var reader = XmlReader.Create(SharedData.Require("formats/junit.xsd")))
        {
            schemas.Add(null, reader);
        }

        var errors = new List<string>();
        var document = XDocument.Parse(xml);
        document.Validate(schemas, (_, e) => errors.Add($"{e.Severity}: {e.Message}"));
        return errors;
    }
}
