using System.Text.Json;

namespace Talguard.Tests.Findings;

/// <summary>
/// Issue #12: an exception's path is relative to the exceptions file that declares it, wherever the command runs,
/// and an exception that matched nothing says so.
/// </summary>
public sealed class ExceptionPathTests : IDisposable
{
    private const string WorkerWithCaKey = "version: v1alpha1\nmachine:\n  type: worker\n  ca:\n    crt: Y3J0\n    key: a2V5\n";

    private readonly string _repo = Directory.CreateTempSubdirectory("talguard-exceptions-").FullName;

    public ExceptionPathTests()
    {
        Directory.CreateDirectory(Path.Combine(_repo, "cluster"));
        File.WriteAllText(Path.Combine(_repo, "cluster", "worker.yaml"), WorkerWithCaKey);
        File.WriteAllText(Path.Combine(_repo, ".talguard.yaml"), """
            exceptions:
              - ruleId: TG-CERT-001
                path: "cluster/*.yaml"
                reason: lab CA, rotated monthly
              - ruleId: TG-NET-004
                path: "elsewhere/**"
                reason: stale entry
            """);
    }

    public void Dispose() => Directory.Delete(_repo, recursive: true);

    private static JsonDocument Report(params string[] args)
    {
        var outcome = Support.Cli.Run(["scan", .. args, "--format", "json"]);
        return JsonDocument.Parse(outcome.Stdout);
    }

    private static JsonElement CaKeyFinding(JsonDocument report) =>
        Assert.Single(report.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "TG-CERT-001");

    [Fact]
    public void A_path_relative_to_the_exceptions_file_matches_wherever_talguard_runs()
    {
        // The tests run in the repository root, so the report path of the scanned file is absolute here.
        using var directoryScan = Report(_repo);
        Assert.True(CaKeyFinding(directoryScan).GetProperty("suppressed").GetBoolean());

        using var named = Report("--exceptions", Path.Combine(_repo, ".talguard.yaml"), Path.Combine(_repo, "cluster", "worker.yaml"));
        Assert.True(CaKeyFinding(named).GetProperty("suppressed").GetBoolean());
    }

    [Fact]
    public void An_exception_that_matched_no_finding_gets_a_notice()
    {
        using var report = Report(_repo);
        var notices = report.RootElement.GetProperty("notices").EnumerateArray().Select(n => n.GetString()!).ToList();
        var notice = Assert.Single(notices, n => n.Contains("matched no finding", StringComparison.Ordinal));
        Assert.Contains("exception for TG-NET-004 on 'elsewhere/**'", notice, StringComparison.Ordinal);
        Assert.DoesNotContain(notices, n => n.Contains("TG-CERT-001", StringComparison.Ordinal));
    }
}
