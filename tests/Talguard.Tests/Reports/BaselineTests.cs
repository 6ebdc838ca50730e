using System.Text.Json.Nodes;
using Talguard.Tests.Support;

namespace Talguard.Tests.Reports;

public sealed class BaselineTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("talguard-baseline-");

    private string ConfigPath => Path.Combine(_directory.FullName, "worker.yaml");

    private string BaselinePath => Path.Combine(_directory.FullName, "baseline.json");

    public void Dispose() => _directory.Delete(recursive: true);

    private void WriteBaseline()
    {
        File.Copy(Path.Combine(SharedData.RepositoryRoot, "tests", "Talguard.Tests", "Samples", "TG-DISK-008", "fire.yaml"), ConfigPath);
        var run = Support.Cli.Run("scan", ConfigPath, "--format", "json", "-o", BaselinePath);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public void Findings_whose_lines_moved_still_match_the_baseline()
    {
        WriteBaseline();
        File.WriteAllText(ConfigPath, "# inserted above every finding\n# so each one moves two lines down\n" + File.ReadAllText(ConfigPath));

        var run = Support.Cli.Run("scan", ConfigPath, "--baseline", BaselinePath, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        var report = JsonNode.Parse(run.Stdout)!;
        Assert.Empty(report["findings"]!.AsArray());
        var baselineCount = JsonNode.Parse(File.ReadAllText(BaselinePath))!["findings"]!.AsArray().Count;
        Assert.Contains(report["notices"]!.AsArray(), n => ((string)n!).StartsWith($"baseline {BaselinePath}: {baselineCount} findings are in the baseline and not reported; 0 new; 0 of the baseline's {baselineCount} findings are gone", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_a_new_weakness_is_reported_and_fails_the_run()
    {
        WriteBaseline();
        var text = File.ReadAllText(ConfigPath).Replace("machine:\n", "# a new line above\nmachine:\n  sysctls:\n    kernel.kptr_restrict: \"0\"\n", StringComparison.Ordinal);
        File.WriteAllText(ConfigPath, text);

        var run = Support.Cli.Run("scan", ConfigPath, "--baseline", BaselinePath, "--format", "json", "--fail-on", "medium");
        var table = Support.Cli.Run("scan", ConfigPath, "--baseline", BaselinePath, "--fail-on", "medium");

        Assert.Equal(1, run.ExitCode);
        var finding = Assert.Single(JsonNode.Parse(run.Stdout)!["findings"]!.AsArray());
        Assert.Equal("TG-K8S-008", (string)finding!["ruleId"]!);
        Assert.Equal(1, table.ExitCode);
        Assert.Contains("in the baseline and not reported; 1 new", string.Join(' ', table.Stdout.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_finding_fixed_since_the_baseline_is_counted_as_gone()
    {
        WriteBaseline();
        File.WriteAllText(ConfigPath, File.ReadAllText(ConfigPath).Replace("passphrase: correct-horse-battery-staple  # expect: TG-DISK-008", "passphrase: ${STATE_PASSPHRASE}", StringComparison.Ordinal));

        var run = Support.Cli.Run("scan", ConfigPath, "--baseline", BaselinePath, "--format", "json");

        Assert.Contains("; 0 new; 1 of the baseline's", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"schemaVersion\": 1,\n  \"tool\": ", ":2: not a findings JSON of talguard scan --format json: the JSON is malformed")]
    [InlineData("{\"version\": \"2.1.0\", \"runs\": []}", ":1: not a findings JSON of talguard scan --format json: it has no tool")]
    [InlineData("{\"schemaVersion\": 1,\n\"tool\": {\"name\": \"trivy\", \"version\": \"0.60\"}, \"findings\": []}", ":2: a report of trivy, not of talguard")]
    [InlineData("{\n\"schemaVersion\": 2, \"tool\": {\"name\": \"talguard\"}, \"findings\": []}", ":2: a findings JSON of schemaVersion 2; this talguard reads schemaVersion 1")]
    [InlineData("{\"schemaVersion\": 1, \"tool\": {\"name\": \"talguard\"},\n\"findings\": [\n{\"ruleId\": \"TG-NET-001\"}]}", ":3: a finding without ruleId or location.file")]
    [InlineData("[]", ":1: not a findings JSON of talguard scan --format json: it is no JSON object")]
    public void A_baseline_that_is_no_talguard_findings_json_is_one_line_and_exit_2(string content, string expected)
    {
        File.WriteAllText(BaselinePath, content);
        File.Copy(Path.Combine(SharedData.RepositoryRoot, "tests", "Talguard.Tests", "Samples", "TG-DISK-008", "fire.yaml"), ConfigPath);

        var run = Support.Cli.Run("scan", ConfigPath, "--baseline", BaselinePath);

        Support.Cli.AssertOneLineInputError(run, BaselinePath + expected);
    }

    [Fact]
    public void A_missing_baseline_is_one_line_and_exit_2()
    {
        File.Copy(Path.Combine(SharedData.RepositoryRoot, "tests", "Talguard.Tests", "Samples", "TG-DISK-008", "fire.yaml"), ConfigPath);
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("scan", ConfigPath, "--baseline", BaselinePath), BaselinePath + ": no such file");
    }

    [Fact]
    public void The_output_may_not_replace_the_baseline()
    {
        WriteBaseline();
        var before = File.ReadAllText(BaselinePath);

        var run = Support.Cli.Run("scan", ConfigPath, "--baseline", BaselinePath, "--format", "json", "-o", BaselinePath);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(before, File.ReadAllText(BaselinePath));
    }
}
