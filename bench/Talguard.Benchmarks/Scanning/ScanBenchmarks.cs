using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Talguard.Findings;
using Talguard.Model;
using YamlParser = YamlDotNet.Core.Parser;

namespace Talguard.Benchmarks.Scanning;

/// <summary>
/// <c>scan</c> exactly as the CLI runs it (load the directory, parse with positions, classify, model, every rule)
/// over 2,000 machine configs on disk, against the baseline the Foundation issue names: a bare YamlDotNet
/// parser-event pass over the same files. Two jobs: every core of the machine (what users get), and one core
/// (<c>DOTNET_PROCESSOR_COUNT=1</c>, so the scan's parallel loops run on one thread), which shows the work itself.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(CoresConfig))]
public class ScanBenchmarks
{
    public const int ConfigCount = 2000;

    private string _directory = string.Empty;
    private string[] _files = [];

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "talguard-scan-bench-" + Environment.ProcessId);
        foreach (var (name, text) in ConfigCorpus.Generate(ConfigCount))
        {
            var path = Path.Combine(_directory, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        _files = Directory.GetFiles(_directory, "*.yaml", SearchOption.AllDirectories);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true)]
    public int BareParserEvents()
    {
        var events = 0;
        foreach (var file in _files)
        {
            var parser = new YamlParser(new StringReader(File.ReadAllText(file)));
            while (parser.MoveNext())
            {
                events++;
            }
        }

        return events;
    }

    [Benchmark]
    public int Scan() => Scanner.Scan(InputLoader.Load([_directory]), new ScanOptions()).Findings.Count;

    private sealed class CoresConfig : ManualConfig
    {
        public CoresConfig()
        {
            // The CLI's garbage collector settings (src/Talguard.Cli/Talguard.Cli.csproj), so the figure is the user's.
            var cli = Job.ShortRun.WithGcServer(true).WithGcConcurrent(false);
            AddJob(cli.WithId("all-cores"));
            AddJob(cli.WithId("one-core").WithEnvironmentVariable("DOTNET_PROCESSOR_COUNT", "1"));
        }
    }
}
