using BenchmarkDotNet.Attributes;
using Talguard.Hardening.PodSecurity;
using Talguard.Model;

namespace Talguard.Benchmarks;

/// <summary>
/// Restricted evaluation over generated pods: build the typed pod view from the parsed YAML and run
/// every restricted check. Parsing is setup (it is the loader's cost, shared by every rule).
/// Pods per second = Pods / Mean; bytes per pod = Allocated / Pods. The baseline visits every node of
/// every pod once: the floor for anything that reads the whole pod, and a yardstick that shares the
/// machine's load in the same run.
/// </summary>
[MemoryDiagnoser]
public class PodSecurityBenchmarks
{
    private static readonly LevelVersion RestrictedLatest = new(PodSecurityLevel.Restricted, PolicyVersion.Latest);

    private List<YamlNode> _pods = [];

    [Params(10_000, 100_000)]
    public int Pods { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var file = InputLoader.Parse("corpus.yaml", null, PodCorpus.Generate(Pods));
        _pods = [.. file.Documents.Select(d => d.Root!)];
    }

    [Benchmark(Baseline = true)]
    public int WalkYaml()
    {
        var nodes = 0;
        foreach (var pod in _pods)
        {
            nodes += Count(pod);
        }

        return nodes;
    }

    [Benchmark]
    public int EvaluateRestricted()
    {
        var denied = 0;
        foreach (var pod in _pods)
        {
            var view = PodViewReader.Read(pod, pod["metadata"], pod["spec"]);
            if (!PodSecurityEvaluator.Default.Evaluate(RestrictedLatest, view).Allowed)
            {
                denied++;
            }
        }

        return denied;
    }

    private static int Count(YamlNode node)
    {
        var count = 1;
        var entries = node.Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            count += 1 + Count(entries[i].Value);
        }

        var items = node.Items;
        for (var i = 0; i < items.Count; i++)
        {
            count += Count(items[i]);
        }

        return count;
    }
}
