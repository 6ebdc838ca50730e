using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Talguard.Cli;

namespace Talguard.Tests.Reports;

/// <summary>--format, -o, --fail-on and --exceptions through the real command-line runner.</summary>
public class ReportCliTests
{
    private const string Fixtures = "tests/Talguard.Tests/Reports/testdata/cluster";

    /// <summary>
    /// A verb wired like <c>scan</c> but reporting the sample cluster (one high, one medium finding active),
    /// so exit codes are tested on real findings whatever the production catalog holds.
    /// </summary>
    private static (int ExitCode, string Stdout, string Stderr) RunSample(params string[] args)
    {
        var report = new ReportOptions();
        var sample = new Command("sample");
        report.AddTo(sample);
        sample.SetAction(parse => report.Emit(parse, SampleRules.ScanSampleCluster(), parse.InvocationConfiguration.Output, inputs: []));
        var root = new RootCommand { sample };
        var stdout = new StringWriter(new StringBuilder());
        var stderr = new StringWriter(new StringBuilder());
        var code = CliRunner.Run(root, ["sample", .. args], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("critical", 0)]
    [InlineData("high", 1)]
    [InlineData("medium", 1)]
    [InlineData("low", 1)]
    [InlineData("info", 1)]
    [InlineData("none", 0)]
    public void Fail_on_sets_the_exit_code_from_unsuppressed_findings(string threshold, int exitCode) =>
        Assert.Equal(exitCode, RunSample("--fail-on", threshold, "--format", "json").ExitCode);

    [Fact]
    public void Default_threshold_is_high() =>
        Assert.Equal(1, RunSample("--format", "json").ExitCode);

    [Fact]
    public void Suppressed_findings_do_not_fail_the_run()
    {
        // TG-PSS-006 (high) is suppressed by the exceptions file; only the medium finding is left at or above medium.
        var outcome = RunSample("--fail-on", "medium", "--format", "json");
        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal(2, json.RootElement.GetProperty("summary").GetProperty("suppressed").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("high").GetInt32());
    }

    [Fact]
    public void Unknown_threshold_is_a_usage_error()
    {
        var outcome = RunSample("--fail-on", "severe");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(string.Empty, outcome.Stdout);
        Assert.Single(outcome.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("json", "report.json")]
    [InlineData("sarif", "report.sarif")]
    [InlineData("junit", "report.junit.xml")]
    [InlineData("table", "report.table.txt")]
    public void Output_file_gets_the_report_and_stdout_stays_empty(string format, string golden)
    {
        var path = Path.Combine(Path.GetTempPath(), $"talguard-report-{Guid.NewGuid():N}");
        try
        {
            var outcome = RunSample("--format", format, "-o", path);
            Assert.Equal((1, string.Empty, string.Empty), outcome);
            Assert.Equal(File.ReadAllText(TestData.Golden(golden)), File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Output_into_a_missing_directory_is_a_usage_error()
    {
        var outcome = RunSample("-o", Path.Combine(Path.GetTempPath(), "talguard-no-such-dir", "report.json"));
        Assert.Equal(2, outcome.ExitCode);
        Assert.EndsWith("output directory does not exist\n", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_writes_sarif_and_junit()
    {
        var sarif = Support.Cli.Run("scan", "--format", "sarif", "--fail-on", "none", Fixtures);
        Assert.Equal(0, sarif.ExitCode);
        using (var json = JsonDocument.Parse(sarif.Stdout))
        {
            Assert.Equal("2.1.0", json.RootElement.GetProperty("version").GetString());
        }

        var junit = Support.Cli.Run("scan", "--format", "junit", "--fail-on", "none", Fixtures);
        Assert.Equal(0, junit.ExitCode);
        Assert.Equal(3, XDocument.Parse(junit.Stdout).Descendants("testsuite").Count());
    }

    [Fact]
    public void Malformed_exceptions_file_is_an_input_error_naming_file_and_line()
    {
        var outcome = Support.Cli.Run("scan", "--exceptions", "tests/Talguard.Tests/Findings/testdata/bad-exceptions.yaml", Fixtures);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("talguard: tests/Talguard.Tests/Findings/testdata/bad-exceptions.yaml:5: expires 'next year' is not a date like 2026-12-31\n", outcome.Stderr);
        Assert.Equal(string.Empty, outcome.Stdout);
    }

    [Fact]
    public void Missing_exceptions_file_is_an_input_error()
    {
        var outcome = Support.Cli.Run("scan", "--exceptions", "no-such-exceptions.yaml", Fixtures);
        Assert.Equal((2, "talguard: no-such-exceptions.yaml: no such file or directory\n"), (outcome.ExitCode, outcome.Stderr));
    }

    [Fact]
    public void Exceptions_file_in_the_scanned_directory_is_used_by_default()
    {
        var outcome = Support.Cli.Run("scan", "--format", "json", "--fail-on", "none", "tests/Talguard.Tests/Findings/testdata/with-exceptions");
        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Stdout);
        var notice = Assert.Single(json.RootElement.GetProperty("notices").EnumerateArray()).GetString();
        Assert.Equal(
            "tests/Talguard.Tests/Findings/testdata/with-exceptions/.talguard.yaml:2: exception for TG-NET-001 on '**' (owner netops) expired on 2020-01-31; its findings count again",
            notice);
    }
}
