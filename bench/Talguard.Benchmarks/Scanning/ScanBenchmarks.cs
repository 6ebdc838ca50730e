using BenchmarkDotNet.Attributes;
using Talguard.Findings;
using Talguard.Model;
using YamlParser = YamlDotNet.Core.Parser;

namespace Talguard.Benchmarks.Scanning;

/// <summary>
/// <c>scan</c> (parse with positions, classify, model, every rule) over 2,000 machine configs, against
/// the baseline the Foundation issue names: a bare YamlDotNet parser-event pass over the same text.
/// </summary>
[MemoryDiagnoser]
public class ScanBenchmarks
{
    public const int ConfigCount = 2000;

    private IReadOnlyList<(string Name, string Text)> _corpus = [];

    [GlobalSetup]
    public void Setup() => _corpus = ConfigCorpus.Generate(ConfigCount);

    [Benchmark(Baseline = true)]
    public int BareParserEvents()
    {
        var events = 0;
        foreach (var (_, text) in _corpus)
        {
            var parser = new YamlParser(new StringReader(text));
            while (parser.MoveNext())
            {
                events++;
            }
        }

        return events;
    }

    [Benchmark]
    public int Scan()
    {
        var files = new List<SourceFile>(_corpus.Count);
        foreach (var (name, text) in _corpus)
        {
            files.Add(InputLoader.Parse(name, null, text));
        }

        return Scanner.Scan(files, new ScanOptions()).Findings.Count;
    }
}
