using System.Text.Json;
using Talguard.Tests.Support;

namespace Talguard.Tests.Compliance;

public sealed class ComplianceCliTests : IDisposable
{
    private const string WeakCluster = ComplianceServiceTests.WeakCluster;

    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-compliance-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Json_has_the_framework_the_score_and_each_control_with_the_contract_members()
    {
        var outcome = Support.Cli.Run("compliance", "--framework", "cis-1.10", "--format", "json", "--now", "2026-12-03T12:00:00Z", WeakCluster);
        Assert.Equal(1, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Stdout);
        var root = json.RootElement;
        Assert.Equal("cis-1.10", root.GetProperty("framework").GetString());
        var score = root.GetProperty("score").GetDouble();
        Assert.InRange(score, 0.0, 1.0);
        var controls = root.GetProperty("controls").EnumerateArray().ToList();
        Assert.Equal(130, controls.Count);
        foreach (var control in controls)
        {
            foreach (var member in new[] { "id", "title", "status", "ruleIds", "evidence", "findings" })
            {
                Assert.True(control.TryGetProperty(member, out _), $"{member} missing");
            }

            Assert.Contains(control.GetProperty("status").GetString(), new[] { "pass", "fail", "not-applicable", "manual" });
        }

        var anonymous = controls.Single(c => c.GetProperty("id").GetString() == "1.2.1");
        Assert.Equal("fail", anonymous.GetProperty("status").GetString());
        var finding = anonymous.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("ruleId").GetString() == "TG-K8S-001");
        foreach (var member in new[] { "severity", "section", "title", "message", "location", "object", "remediation", "patch", "frameworks", "suppressed" })
        {
            Assert.True(finding.TryGetProperty(member, out _), $"finding member {member} missing");
        }

        var pass = controls.Count(c => c.GetProperty("status").GetString() == "pass");
        var fail = controls.Count(c => c.GetProperty("status").GetString() == "fail");
        Assert.Equal(Math.Round((double)pass / (pass + fail), 4), score);
    }

    [Fact]
    public void The_table_shows_each_control_with_its_status_and_the_score()
    {
        var outcome = Support.Cli.Run("compliance", "--framework", "cis-1.10", WeakCluster);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("FAIL           1.2.1 Ensure that the --anonymous-auth argument is set to false", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("NOT-APPLICABLE 1.1.1 ", outcome.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"\n\d+ pass, \d+ fail, \d+ not applicable, \d+ manual; score 0\.\d+ \(pass / \(pass \+ fail\)\)\n", outcome.Stdout);
    }

    [Fact]
    public void Markdown_is_a_pull_request_comment_with_the_failing_controls_first()
    {
        var outcome = Support.Cli.Run("compliance", "--framework", "soc2", "--format", "markdown", WeakCluster);
        Assert.Equal(1, outcome.ExitCode);
        Assert.StartsWith("### Talguard compliance: SOC 2 Trust Services Criteria", outcome.Stdout, StringComparison.Ordinal);
        Assert.True(outcome.Stdout.IndexOf("#### Failing controls", StringComparison.Ordinal) < outcome.Stdout.IndexOf("<details><summary>All controls</summary>", StringComparison.Ordinal));
        Assert.Contains("| CC6.4 | not-applicable |", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Fail_on_none_exits_0_and_a_clean_framework_run_exits_0()
    {
        Assert.Equal(0, Support.Cli.Run("compliance", "--framework", "cis-1.10", "--fail-on", "none", WeakCluster).ExitCode);
        Assert.Equal(0, Support.Cli.Run("compliance", "--framework", "soc2", "examples/hardened-cluster/worker.yaml", "--fail-on", "critical").ExitCode);
    }

    [Fact]
    public void A_bad_attestations_file_is_one_line_with_file_and_line_and_exit_2()
    {
        var path = Path.Combine(_directory, "attest.yaml");
        File.WriteAllText(path, "attestations:\n  - control: CC7.4\n    status: maybe\n    evidence: x\n    owner: y\n    date: 2026-10-01\n");
        Support.Cli.AssertOneLineInputError(
            Support.Cli.Run("compliance", "--framework", "soc2", "--attestations", path, WeakCluster),
            $"{path}:3: status 'maybe' is not one of pass, fail, not-applicable");
    }

    [Fact]
    public void Now_decides_whether_an_attestation_has_expired()
    {
        var path = Path.Combine(_directory, "attest.yaml");
        File.WriteAllText(path, "attestations:\n  - control: CC7.5\n    status: pass\n    evidence: DR test\n    owner: sre\n    date: 2026-09-01\n    expiry: 2026-12-01\n");
        string Status(string now)
        {
            var outcome = Support.Cli.Run("compliance", "--framework", "soc2", "--format", "json", "--attestations", path, "--now", now, WeakCluster);
            using var json = JsonDocument.Parse(outcome.Stdout);
            return json.RootElement.GetProperty("controls").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "CC7.5").GetProperty("status").GetString()!;
        }

        Assert.Equal("pass", Status("2026-11-30T23:00:00Z"));
        Assert.Equal("manual", Status("2026-12-02T00:00:00Z"));
    }

    [Theory]
    [InlineData("--framework", "nist")]
    [InlineData("--now", "yesterday")]
    [InlineData("--format", "sarif")]
    public void Bad_options_are_usage_errors(string option, string value)
    {
        var outcome = Support.Cli.Run("compliance", "--framework", "cis-1.10", option, value, WeakCluster);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(string.Empty, outcome.Stdout);
    }

    [Fact]
    public void Output_goes_to_the_file_and_never_over_an_input()
    {
        var output = Path.Combine(_directory, "report.json");
        var written = Support.Cli.Run("compliance", "--framework", "pci-dss-4.0", "--format", "json", "-o", output, WeakCluster);
        Assert.Equal(string.Empty, written.Stdout);
        Assert.Equal("pci-dss-4.0", JsonDocument.Parse(File.ReadAllText(output)).RootElement.GetProperty("framework").GetString());

        var overInput = Support.Cli.Run("compliance", "--framework", "pci-dss-4.0", "-o", WeakCluster + "/worker.yaml", WeakCluster + "/worker.yaml");
        Assert.Equal(2, overInput.ExitCode);
    }

    [Fact]
    public void Without_any_input_given_every_automated_control_is_manual_not_pass()
    {
        var outcome = Support.Cli.Run("compliance", "--framework", "cis-1.10", "--format", "json", "examples/insecure-cluster/kubernetes");
        using var json = JsonDocument.Parse(outcome.Stdout);
        var apiServer = json.RootElement.GetProperty("controls").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "1.2.15");
        Assert.Equal("manual", apiServer.GetProperty("status").GetString());
    }
}
