using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Talguard.Findings;
using Talguard.Services;
using YamlParser = YamlDotNet.Core.Parser;

namespace Talguard.Benchmarks.Scanning;

/// <summary>
/// <c>scan</c> exactly as the CLI runs it (load the directory, parse with positions, classify, model, every rule)
/// over 2,000 machine configs on disk, against the baseline the Foundation issue names: a bare YamlDotNet
/// parser-event pass over the same files, with the CLI's garbage collector settings.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(CliConfig))]
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

    /// <summary>
    /// Each operation starts from a collected heap, as a <c>talguard scan</c> process does: otherwise the scan
    /// would pay, on entry, for collecting the 600 MB the previous operation left behind.
    /// </summary>
    [IterationSetup]
    public void CollectPreviousOperation()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
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
    public int Scan() => ScanService.Run(new ScanRequest { Paths = [_directory], ScanRegion = CollectionFreeRegion.For }).Report.Findings.Count;

    private sealed class CliConfig : ManualConfig
    {
        public CliConfig()
        {
            // Enough warm-up for the tiered JIT to settle, since every operation is a single call. Two jobs: the CLI's
            // runtime settings (src/Talguard.Cli/Talguard.Cli.csproj: no background GC, no tiered PGO), and the same with
            // tiered PGO on, as .NET defaults to: PGO speeds up the bare parser more than the scan, so that is the stricter ratio.
            var job = Job.Default.WithGcServer(false).WithGcConcurrent(false).WithWarmupCount(6).WithIterationCount(12);
            AddJob(job.WithEnvironmentVariable("DOTNET_TieredPGO", "0").WithId("cli-settings"));
            AddJob(job.WithEnvironmentVariable("DOTNET_TieredPGO", "1").WithId("tiered-pgo"));
        }
    }
}
