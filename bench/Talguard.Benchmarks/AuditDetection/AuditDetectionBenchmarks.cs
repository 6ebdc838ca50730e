using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Talguard.Hardening.AuditLogging.Detection;

namespace Talguard.Benchmarks.AuditDetection;

/// <summary>
/// <see cref="DetectionRuleSet.Evaluate"/> over a realistic mix of events with the upstream Falco rules and our
/// built-in ones (every rule loaded; upstream from ../shared/falco, built-in only when that is absent).
/// Events per second = Events / Mean. <c>Parse</c> is what parsing the same lines costs: the other half of
/// <c>audit detect</c>'s work, and a yardstick that shares the machine's load in the same run.
/// </summary>
[MemoryDiagnoser]
public class AuditDetectionBenchmarks
{
    private List<byte[]> _lines = [];
    private List<JsonDocument> _documents = [];
    private DetectionRuleSet _rules = DetectionRuleSet.BuiltIn;

    [Params(10_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _lines = [.. AuditEventCorpus.Generate(Events).Select(Encoding.UTF8.GetBytes)];
        _documents = [.. _lines.Select(l => JsonDocument.Parse(l))];
        var files = new List<DetectionRulesFile>();
        if (FindUpstreamRules() is { } upstream)
        {
            files.Add(DetectionRulesFile.Read(upstream));
        }

        files.Add(DetectionRuleSet.BuiltInRulesFile);
        _rules = DetectionRuleSet.Load(files);
    }

    [GlobalCleanup]
    public void Cleanup() => _documents.ForEach(d => d.Dispose());

    [Benchmark(Baseline = true)]
    public int Parse()
    {
        var properties = 0;
        foreach (var line in _lines)
        {
            using var document = JsonDocument.Parse(line);
            properties += document.RootElement.GetPropertyCount();
        }

        return properties;
    }

    [Benchmark]
    public int Evaluate()
    {
        var alerts = 0;
        foreach (var document in _documents)
        {
            alerts += _rules.Evaluate(document.RootElement).Count;
        }

        return alerts;
    }

    [Benchmark]
    public int ParseAndEvaluate()
    {
        var alerts = 0;
        foreach (var line in _lines)
        {
            using var document = JsonDocument.Parse(line);
            alerts += _rules.Evaluate(document.RootElement).Count;
        }

        return alerts;
    }

    private static string? FindUpstreamRules()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "falco", "k8s_audit_rules.yaml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
