using Talguard.Artifacts;
using Talguard.Findings;
using Talguard.Hardening.PodSecurity;
using Talguard.Model;

namespace Talguard.Services;

/// <summary>What <c>talguard pss PATH...</c> asks for.</summary>
public sealed record PodSecurityRequest
{
    /// <summary>Manifests, Talos configs or directories; <see cref="InputLoader.StandardInputName"/> reads <see cref="StandardInput"/>.</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    public Func<Stream>? StandardInput { get; init; }

    public PssOptions Options { get; init; } = new();

    /// <summary>Write copies (or, with <see cref="InPlace"/>, the inputs) whose workloads are patched to pass.</summary>
    public bool Fix { get; init; }

    /// <summary>Where the fixed copies go, below their inputs' relative paths.</summary>
    public string? OutDirectory { get; init; }

    public bool InPlace { get; init; }

    /// <summary>Where the host will write the report (<c>-o</c>): refused before anything is written when it is an input.</summary>
    public string? ReportOutput { get; init; }

    public Severity? FailOn { get; init; } = Severity.High;

    /// <summary>Globs of files and folders that directory walks skip (see <see cref="InputLoader.List"/>).</summary>
    public IReadOnlyList<PathGlob> Exclude { get; init; } = [];

    /// <summary>Told how loading advances (<see cref="ScanStage.Loading"/>); the engine itself never prints.</summary>
    public IProgress<ScanProgress>? Progress { get; init; }
}

/// <summary>The evaluations, the findings report built from them, and how the run ends.</summary>
public sealed record PodSecurityResult(PssReport Evaluation, ScanResult Report, IReadOnlyList<string?> InputPaths, ServiceOutcome Outcome);

/// <summary>Evaluates workloads against the Pod Security Standards and, when asked, writes patched files.</summary>
public static class PodSecurityService
{
    public static PodSecurityResult Run(PodSecurityRequest request)
    {
        var inputs = InputLoader.List(request.Paths, request.StandardInput, exclude: request.Exclude);
        var progress = request.Progress;
        progress?.Report(new ScanProgress(ScanStage.Loading, 0, inputs.Count));
        var loaded = progress is null ? inputs.Load() : inputs.Load(new ProgressRelay<int>(done => progress.Report(new ScanProgress(ScanStage.Loading, done, inputs.Count))));

        // As in a scan: one bad file is reported beside the others' results; with nothing readable it is the answer.
        if (loaded.Files.Count == 0 && loaded.Errors is [var first, ..])
        {
            throw new InputException(first.File, first.Line, first.Message);
        }

        var files = loaded.Files;
        // Inputs that failed or were skipped are inputs too: -o must never replace one.
        var inputPaths = files.Select(f => f.FullPath)
            .Concat(loaded.Errors.Select(e => e.File).Concat(loaded.Skipped.Select(s => s.File)).Where(f => f != InputLoader.StandardInputName).Select(Path.GetFullPath))
            .ToList();
        OutputPaths.EnsureNotAnInput(request.ReportOutput, "-o", inputPaths);
        var model = new ClusterModel(files);
        var options = request.Options;
        var pss = Hardening.PodSecurity.ClusterPodSecurity.Evaluate(model, options);
        List<string> notices = [.. inputs.Notices, .. pss.Notices];
        if (request.Fix)
        {
            var target = new LevelVersion(options.Level ?? PodSecurityLevel.Restricted, options.Version ?? PolicyVersion.Latest);
            notices.AddRange(WriteFixes(files, target, options, request.OutDirectory, request.InPlace));
        }

        pss = pss with { Notices = notices };
        var report = new ScanResult(pss.Findings, model.TalosVersion, model.KubernetesVersion, notices, [.. files.Select(f => f.DisplayPath)])
        {
            Errors = loaded.Errors,
            Skipped = loaded.Skipped,
        };
        return new PodSecurityResult(pss, report, inputPaths, ServiceOutcomes.Of(report, request.FailOn));
    }

    private static List<string> WriteFixes(IReadOnlyList<SourceFile> files, LevelVersion target, PssOptions options, string? outDirectory, bool inPlace)
    {
        var evaluator = options.MaxMinor is { } max ? new PodSecurityEvaluator(max) : PodSecurityEvaluator.Default;
        var notices = files.Where(f => f.FullPath is null).Select(f => $"{f.DisplayPath}: --fix only rewrites files read from disk").ToList();
        var planned = PodSecurityFixer.Fix(files, target, evaluator)
            .Select(f => (Fixed: f, Destination: inPlace ? f.Source.FullPath! : Path.Combine(outDirectory!, CopyName(f.Source.DisplayPath))))
            .ToList();
        if (!inPlace)
        {
            EnsureDistinctCopies(planned, outDirectory!, files);
        }

        foreach (var (fixedFile, destination) in planned)
        {
            UnixFileMode? mode = null;
            if (!inPlace)
            {
                CreateCopyDirectory(outDirectory!, Path.GetDirectoryName(Path.GetFullPath(destination))!);
                mode = OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(fixedFile.Source.FullPath!);
            }

            ArtifactWriter.Write(destination, fixedFile.Content, mode);
            notices.Add($"patched for {target} ({fixedFile.FixedWorkloads} more workload(s) now pass): wrote {destination.Replace('\\', '/')}");
            notices.AddRange(fixedFile.Remaining.Select(r => "still violates after --fix (needs a manual change): " + r));
        }

        return notices;
    }

    /// <summary>A file in the way of the copies' directory (or of a folder below it), a read-only or full disk: the error names the option.</summary>
    private static void CreateCopyDirectory(string outDirectory, string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (IOException ex)
        {
            throw new ArtifactException($"--out {outDirectory}: cannot create the directory {directory}: {ex.Message}", ex);
        }
    }

    /// <summary>Refuses, before anything is written, a copy that would land on an input or on another copy.</summary>
    private static void EnsureDistinctCopies(List<(FixedFile Fixed, string Destination)> planned, string outDirectory, IReadOnlyList<SourceFile> files)
    {
        var inputs = files.Select(f => f.FullPath).ToList();
        var byDestination = new Dictionary<string, FixedFile>(StringComparer.Ordinal);
        foreach (var (fixedFile, destination) in planned)
        {
            var full = Path.GetFullPath(destination);
            if (byDestination.TryGetValue(full, out var other))
            {
                throw new ArtifactException($"--out {outDirectory}: {other.Source.DisplayPath} and {fixedFile.Source.DisplayPath} would both be written to {destination}; fix them in separate runs");
            }

            byDestination[full] = fixedFile;
            OutputPaths.EnsureNotAnInput(destination, "--out", inputs);
        }
    }

    /// <summary>The path of a copy under the out directory: the input's relative path, or its file name when it leaves the tree.</summary>
    private static string CopyName(string displayPath) =>
        Path.IsPathRooted(displayPath) || displayPath.Split('/').Contains("..") ? Path.GetFileName(displayPath) : displayPath;
}
