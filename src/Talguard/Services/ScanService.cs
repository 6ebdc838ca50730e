using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos.Patching;

namespace Talguard.Services;

/// <summary>What <c>talguard scan PATH...</c> asks for.</summary>
public sealed record ScanRequest
{
    /// <summary>Files and directories to scan; <see cref="InputLoader.StandardInputName"/> reads <see cref="StandardInput"/>.</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    public ScanOptions Options { get; init; } = new();

    /// <summary>The lowest severity that fails the run; null: no finding does.</summary>
    public Severity? FailOn { get; init; } = Severity.High;

    public Func<Stream>? StandardInput { get; init; }

    /// <summary>
    /// <c>scan --merge</c>: the first path is a Talos machine config and the others are Talos patches applied to it in
    /// order; the merged config is scanned as one node config (<see cref="MergedConfig"/>).
    /// </summary>
    public bool Merge { get; init; }

    /// <summary>How many rules run at once; -1 lets the runtime decide. Reports are identical whatever it is.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>
    /// Entered around loading and scanning with the input's size in bytes, and disposed when the scan ends. A
    /// command-line host may open a region without garbage collections here (<see cref="CollectionFreeRegion.For"/>);
    /// a long-running server leaves it null. The library never suspends collections on its own.
    /// </summary>
    public Func<long, IDisposable>? ScanRegion { get; init; }

    /// <summary>Globs of files and folders that directory walks skip (see <see cref="InputLoader.List"/>).</summary>
    public IReadOnlyList<PathGlob> Exclude { get; init; } = [];

    /// <summary><c>--baseline</c>: findings it holds are left out of the report and the outcome; null reports all.</summary>
    public Baseline? Baseline { get; init; }

    /// <summary>Told how loading and scanning advance (see <see cref="ScanProgress"/>); the engine itself never prints.</summary>
    public IProgress<ScanProgress>? Progress { get; init; }
}

/// <summary>What a scan is doing.</summary>
public enum ScanStage
{
    /// <summary>Reading and parsing the files; <see cref="ScanProgress.Done"/> counts files.</summary>
    Loading,

    /// <summary>Running the rules over the loaded files; <see cref="ScanProgress.Done"/> counts files, all at once at the end.</summary>
    Scanning,
}

/// <summary>How far a scan is: <see cref="Done"/> of <see cref="Total"/> files in <see cref="Stage"/>. Reported from worker threads.</summary>
public readonly record struct ScanProgress(ScanStage Stage, int Done, int Total);

/// <summary>The report of a scan and how it ends.</summary>
public sealed record ScanServiceResult(ScanResult Report, ServiceOutcome Outcome);

/// <summary>Loads the requested paths and runs every scan rule over them.</summary>
public static class ScanService
{
    public static ScanServiceResult Run(ScanRequest request) => Run(request, out _);

    /// <summary>As <see cref="Run(ScanRequest)"/>, and the model the rules ran over, for a verb that reads it further (compliance probes).</summary>
    internal static ScanServiceResult Run(ScanRequest request, out ClusterModel model)
    {
        if (request.Merge)
        {
            return RunMerged(request, out model);
        }

        var inputs = InputLoader.List(request.Paths, request.StandardInput, exclude: request.Exclude);
        var progress = request.Progress;
        ScanResult result;
        using (request.ScanRegion?.Invoke(inputs.Bytes))
        {
            progress?.Report(new ScanProgress(ScanStage.Loading, 0, inputs.Count));
            var loaded = progress is null ? inputs.Load() : inputs.Load(new ProgressRelay<int>(done => progress.Report(new ScanProgress(ScanStage.Loading, done, inputs.Count))));

            // With nothing readable there is no report to make: the first bad input is the whole answer.
            if (loaded.Files.Count == 0 && loaded.Errors is [var first, ..])
            {
                throw new InputException(first.File, first.Line, first.Message);
            }

            progress?.Report(new ScanProgress(ScanStage.Scanning, 0, loaded.Files.Count));
            model = new ClusterModel([.. loaded.Files], request.Options.Targets);
            result = Scanner.Scan(model, request.Options, RuleCatalog.ScanRules, request.MaxDegreeOfParallelism);
            progress?.Report(new ScanProgress(ScanStage.Scanning, loaded.Files.Count, loaded.Files.Count));
            result = result.WithInputs(inputs.Notices, loaded.Errors, loaded.Skipped);
        }

        return Outcome(request, result);
    }

    /// <summary>Findings point at the base or patch line that set the value; the report lists the base and the patches.</summary>
    private static ScanServiceResult RunMerged(ScanRequest request, out ClusterModel model)
    {
        var merged = MergedConfig.Load(request.Paths[0], [.. request.Paths.Skip(1)]);
        model = new ClusterModel([merged], request.Options.Targets);
        var result = Scanner.Scan(model, request.Options, RuleCatalog.ScanRules, request.MaxDegreeOfParallelism);
        var inputs = (IReadOnlyList<string>)[merged.DisplayPath, .. request.Paths.Skip(1).Select(p => p.Replace(Path.DirectorySeparatorChar, '/'))];
        result = new ScanResult(result.Findings, result.TalosVersion, result.KubernetesVersion, result.Notices, inputs)
        {
            RulesByFile = result.RulesByFile,
            Targets = result.Targets,
            MergedFiles = inputs,
        };
        return Outcome(request, result);
    }

    private static ScanServiceResult Outcome(ScanRequest request, ScanResult result)
    {
        if (request.Baseline is { } baseline)
        {
            result = baseline.Apply(result);
        }

        return new ScanServiceResult(result, ServiceOutcomes.Of(result, request.FailOn));
    }
}
