using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Talguard.Hardening.AuditLogging.Detection;
using Talguard.Services;
using Talguard.Tests.Hardening.SecureBoot;
using Talguard.Tests.Support;

namespace Talguard.Tests.Cli;

/// <summary>
/// <c>talguard audit detect</c> end to end over the Falco samples: Falco's alert lines, the JSON lines and their
/// summary, problems with their line numbers, exit codes, and the same alerts whatever the thread count.
/// </summary>
public partial class AuditDetectCliTests
{
    private static string Sample(string name) => SharedData.Require("falco/samples/" + name);

    private static string UpstreamRules => SharedData.Require("falco/k8s_audit_rules.yaml");

    [Fact]
    public void APrivilegedPodGivesFalcosAlertLineAndExitOne()
    {
        var run = Support.Cli.Run("audit", "detect", "--rules", UpstreamRules, Sample("create_nginx_pod_privileged.json"));
        Assert.Equal(1, run.ExitCode);
        var lines = run.Stdout.TrimEnd('\n').Split('\n');
        var privileged = Assert.Single(lines, l => l.Contains(": Warning Pod started with privileged container (user=", StringComparison.Ordinal));
        Assert.Matches(FalcoLine(), privileged);
        Assert.All(lines, l => Assert.Matches(FalcoLine(), l));
        Assert.Contains("Create Privileged Pod", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("rules evaluated", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonLinesHaveFalcosKeysAndEndWithTheSummary()
    {
        var run = Support.Cli.Run("audit", "detect", "--rules", UpstreamRules, "--format", "json", Sample("create_nginx_pod_privileged.json"), Sample("exec_pod.json"));
        Assert.Equal(1, run.ExitCode);
        var lines = run.Stdout.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length >= 3);
        foreach (var line in lines[..^1])
        {
            using var alert = JsonDocument.Parse(line);
            Assert.Equal(["time", "rule", "priority", "output", "tags", "source", "auditID", "output_fields", "file", "line"], alert.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal("k8s_audit", alert.RootElement.GetProperty("source").GetString());
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$", alert.RootElement.GetProperty("time").GetString());
            Assert.Equal(1, alert.RootElement.GetProperty("line").GetInt64());
        }

        Assert.Contains(lines, l => l.Contains("\"rule\":\"Attach/Exec Pod\"", StringComparison.Ordinal));
        using var summary = JsonDocument.Parse(lines[^1]);
        var totals = summary.RootElement.GetProperty("summary");
        Assert.Equal(["events", "alerts", "problems", "logs", "rules"], totals.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, totals.GetProperty("events").GetInt64());
        Assert.Equal(lines.Length - 1, totals.GetProperty("alerts").GetInt64());
        Assert.Equal(2, totals.GetProperty("logs").GetArrayLength());
        Assert.Equal(totals.GetProperty("alerts").GetInt64(), totals.GetProperty("rules").EnumerateArray().Sum(r => r.GetProperty("alerts").GetInt64()));
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public void BrokenLinesAreReportedWithTheirNumbersAndTheRestIsStillEvaluated()
    {
        using var directory = new TemporaryDirectory();
        var log = Path.Combine(directory.Path, "kube-apiserver.log");
        var privileged = File.ReadAllText(Sample("create_nginx_pod_privileged.json")).TrimEnd('\n');
        var exec = File.ReadAllText(Sample("exec_pod.json")).TrimEnd('\n');
        File.WriteAllText(log, $"{privileged}\n{{\"kind\":\"Event\",,}}\n{exec}\r\n{{\"kind\": 0}}\n{exec[..(exec.Length / 2)]}");
        var run = Support.Cli.Run("audit", "detect", "--rules", UpstreamRules, "--fail-on", "none", log);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.Stdout.Split('\n'), l => l.Contains("Pod started with privileged container", StringComparison.Ordinal));
        Assert.Contains(run.Stdout.Split('\n'), l => l.Contains("Attach/Exec to pod", StringComparison.Ordinal));
        var problems = run.Stderr.Split('\n').Where(l => l.StartsWith("talguard: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
        [
            $"talguard: {log}:2: malformed JSON at column 17",
            $"talguard: {log}:4: not an audit event (an Event, an EventList or an array of them)",
            $"talguard: {log}:5: truncated JSON (the text ends inside a value)",
        ], problems);
        Assert.Contains("from 2 events in 1 log, 3 lines without an audit event;", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSampleThatIsNotAnEventIsRejectedWithoutACrashOrAnAlert()
    {
        var sample = Sample("fal_01_003.json");
        var run = Support.Cli.Run("audit", "detect", "--rules", UpstreamRules, sample);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.StartsWith($"talguard: {sample}:1: not an audit event", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"talguard: {sample}: no audit event found: not a Kubernetes audit log", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInputIsOneLineBeforeAnyAlert()
    {
        var missing = Support.Cli.Run("audit", "detect", Sample("exec_pod.json"), "/nonexistent/kube-apiserver.log");
        Support.Cli.AssertOneLineInputError(missing, "/nonexistent/kube-apiserver.log: no such file or directory");

        using var directory = new TemporaryDirectory();
        var rules = Path.Combine(directory.Path, "broken_rules.yaml");
        File.WriteAllText(rules, "- rule: Broken Rule\n  desc: d\n  condition: ka.verb === get\n  output: o\n  priority: WARNING\n  source: k8s_audit\n");
        var broken = Support.Cli.Run("audit", "detect", "--rules", rules, Sample("exec_pod.json"));
        Support.Cli.AssertOneLineInputError(broken, rules + ":");
        Assert.Contains("Broken Rule", broken.Stderr, StringComparison.Ordinal);

        var noRules = Support.Cli.Run("audit", "detect", "--no-builtin", Sample("exec_pod.json"));
        Support.Cli.AssertOneLineInputError(noRules, "--no-builtin without --rules FILE");
    }

    [Fact]
    public void OutputFileGetsTheAlertsAndNeverReplacesAnInput()
    {
        using var directory = new TemporaryDirectory();
        var output = Path.Combine(directory.Path, "alerts.jsonl");
        var run = Support.Cli.Run("audit", "detect", "--format", "json", "-o", output, Sample("exec_pod.json"));
        Assert.Equal(string.Empty, run.Stdout);
        var lines = File.ReadAllLines(output);
        Assert.StartsWith("{\"summary\":", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFiles(directory.Path), f => f.EndsWith(".tmp", StringComparison.Ordinal));

        var log = Path.Combine(directory.Path, "audit.log");
        File.Copy(Sample("exec_pod.json"), log);
        var refused = Support.Cli.Run("audit", "detect", "-o", log, log);
        Support.Cli.AssertOneLineInputError(refused, $"-o {log}: is also an input of this run");
        Assert.Equal(File.ReadAllBytes(Sample("exec_pod.json")), File.ReadAllBytes(log));
    }

    [Fact]
    public void FailOnSetsTheThresholdOfTheExitCode()
    {
        var log = Sample("create_nginx_pod_privileged.json");
        Assert.Equal(1, Support.Cli.Run("audit", "detect", "--rules", UpstreamRules, "--fail-on", "critical", log).ExitCode);
        Assert.Equal(0, Support.Cli.Run("audit", "detect", "--rules", UpstreamRules, "--fail-on", "none", log).ExitCode);
        Assert.Equal(1, Support.Cli.Run("audit", "detect", "--no-builtin", "--rules", UpstreamRules, "--fail-on", "warning", log).ExitCode);
        Assert.Equal(0, Support.Cli.Run("audit", "detect", "--no-builtin", "--rules", UpstreamRules, "--fail-on", "error", log).ExitCode);
        Assert.Equal(0, Support.Cli.Run("audit", "detect", Sample("create_nginx_pod_unprivileged.json"), "--no-builtin", "--rules", UpstreamRules, "--fail-on", "warning").ExitCode);
    }

    [Fact]
    public void AlertsAreTheSameBytesWhateverTheThreadCountAndInLogOrder()
    {
        // Enough copies of every sample that the log spans several 4 MiB batches.
        using var directory = new TemporaryDirectory();
        var log = Path.Combine(directory.Path, "big.log");
        var samples = Directory.GetFiles(SharedData.Require("falco/samples"), "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        using (var writer = new StreamWriter(log))
        {
            for (var copy = 0; writer.BaseStream.Length < 12 << 20; copy++)
            {
                foreach (var sample in samples)
                {
                    writer.Write(sample.TrimEnd('\n'));
                    writer.Write('\n');
                }

                writer.Flush();
            }
        }

        string Detect(int threads)
        {
            var text = new StringBuilder();
            var result = AuditDetectService.Run(new AuditDetectRequest([log]) { RulesFiles = [UpstreamRules], MaxDegreeOfParallelism = threads },
                alert => text.Append(Talguard.Reports.AuditDetectWriter.JsonLine(alert)).Append('\n'));
            text.Append(Talguard.Reports.AuditDetectWriter.JsonSummary(result));
            return text.ToString();
        }

        var single = Detect(1);
        Assert.Equal(single, Detect(2));
        Assert.Equal(single, Detect(5));
        var lines = single.Split('\n')[..^1].Select(l => JsonDocument.Parse(l).RootElement.GetProperty("line").GetInt64()).ToList();
        Assert.True(lines.Count > 1000);
        Assert.Equal(lines.Order(), lines);
    }

    [Fact]
    public void StandardInputAndGzipAreLogsToo()
    {
        using var directory = new TemporaryDirectory();
        var compressed = Path.Combine(directory.Path, "audit.log.1");
        using (var file = File.Create(compressed))
        using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(File.ReadAllBytes(Sample("exec_pod.json")));
        }

        var fromFile = Support.Cli.Run("audit", "detect", compressed);
        Assert.Contains(": Warning Exec/attach into pod (", fromFile.Stdout, StringComparison.Ordinal);
        var fromPipe = Support.Cli.RunProcess(directory.Path, "< audit.log.1", TimeSpan.FromSeconds(60), "audit", "detect", "-");
        Assert.Equal(fromFile.Stdout, fromPipe.Stdout);
        Assert.Equal(fromFile.ExitCode, fromPipe.ExitCode);
    }

    [Fact]
    public void TheBuiltInRulesAreTheDefault()
    {
        var run = Support.Cli.Run("audit", "detect", "--format", "json", Sample("exec_pod.json"));
        using var summary = JsonDocument.Parse(run.Stdout.TrimEnd('\n').Split('\n')[^1]);
        var evaluated = summary.RootElement.GetProperty("summary").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("rule").GetString()!).ToHashSet();
        Assert.Equal(DetectionRuleSet.BuiltIn.Rules.Where(r => r.IsEvaluated).Select(r => r.Name).ToHashSet(), evaluated);
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z: (Emergency|Alert|Critical|Error|Warning|Notice|Informational|Debug) \S")]
    private static partial Regex FalcoLine();
}
