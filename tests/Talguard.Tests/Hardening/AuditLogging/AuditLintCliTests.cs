using System.Text.Json;

namespace Talguard.Tests.Hardening.AuditLogging;

/// <summary><c>talguard audit lint</c>: the AUD rules alone as findings, the noise estimate, scan's formats and exit codes.</summary>
public sealed class AuditLintCliTests : IDisposable
{
    private const string Noisy = """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: [RequestReceived]
        rules:
          - level: Metadata
            resources:
              - group: ""
                resources: [secrets, configmaps]
          - level: RequestResponse
            resources:
              - group: ""
                resources: [pods]
          - level: Request
            verbs: [watch]
            resources:
              - group: coordination.k8s.io
          - level: Metadata
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-audit-lint-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Noise_names_each_rule_that_logs_bodies_of_high_volume_reads_and_what_it_captures()
    {
        var policy = Write("noisy.yaml", Noisy);
        var outcome = Support.Cli.Run("audit", "lint", policy, "--format", "json");
        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal(0, json.RootElement.GetProperty("findings").GetArrayLength());
        var noise = json.RootElement.GetProperty("noise").EnumerateArray().ToList();
        Assert.Equal(2, noise.Count);
        Assert.Equal((1, "RequestResponse", 9, "rules[1]"), (noise[0].GetProperty("ruleIndex").GetInt32(), noise[0].GetProperty("level").GetString(),
            noise[0].GetProperty("location").GetProperty("line").GetInt32(), noise[0].GetProperty("location").GetProperty("path").GetString()));
        Assert.Equal(["get pods", "list pods", "watch pods"], noise[0].GetProperty("captures").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("3 of 24 high-volume reads", noise[0].GetProperty("estimate").GetString());
        Assert.Equal(2, noise[1].GetProperty("ruleIndex").GetInt32());
        Assert.Equal(["watch leases.coordination.k8s.io"], noise[1].GetProperty("captures").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public void Table_shows_the_noise_above_the_findings()
    {
        var policy = Write("noisy.yaml", Noisy);
        var outcome = Support.Cli.Run("audit", "lint", policy);
        Assert.StartsWith($"""
            Noise: rules that log request bodies for high-volume reads (the first matching rule decides)
              {policy}:9:5  rules[1]  RequestResponse  3 of 24 high-volume reads
                pods (get, list, watch)
              {policy}:13:5  rules[2]  Request  1 of 24 high-volume reads
                leases.coordination.k8s.io (watch)

            """, outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Aud_findings_are_those_scan_reports_and_nothing_from_other_sections()
    {
        const string Config = "examples/insecure-cluster/controlplane.yaml";
        var lint = Support.Cli.Run("audit", "lint", Config, "--format", "json");
        var scan = Support.Cli.Run("scan", Config, "--format", "json");
        using var lintJson = JsonDocument.Parse(lint.Stdout);
        using var scanJson = JsonDocument.Parse(scan.Stdout);
        static List<string> Findings(JsonDocument json, bool audOnly) => [.. json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => f.GetProperty("ruleId").GetString()! + " " + f.GetProperty("location").GetProperty("path").GetString())
            .Where(id => !audOnly || id.StartsWith("TG-AUD-", StringComparison.Ordinal))];
        var linted = Findings(lintJson, audOnly: false);
        Assert.NotEmpty(linted);
        Assert.Equal(Findings(scanJson, audOnly: true), linted);
    }

    [Fact]
    public void Secret_leak_fails_at_the_default_threshold_and_passes_with_fail_on_none()
    {
        var leaky = Write("leaky.yaml", "apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n  - level: RequestResponse\n");
        var failing = Support.Cli.Run("audit", "lint", leaky, "--format", "compact");
        Assert.Equal(1, failing.ExitCode);
        Assert.Contains("TG-AUD-001", failing.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, Support.Cli.Run("audit", "lint", leaky, "--fail-on", "none", "--format", "sarif").ExitCode);
    }

    [Fact]
    public void Unreadable_input_is_one_input_error()
    {
        var broken = Write("broken.yaml", "rules: [\n");
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("audit", "lint", broken), broken + ":");
    }
}
