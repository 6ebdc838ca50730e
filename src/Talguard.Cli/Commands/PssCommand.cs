using System.CommandLine;
using System.Text.Json;
using Talguard.Artifacts;
using Talguard.Findings;
using Talguard.Hardening.PodSecurity;
using Talguard.Model;
using Talguard.Reports;

namespace Talguard.Cli.Commands;

/// <summary>
/// <c>talguard pss PATH...</c>: Pod Security Standards evaluation of every workload, at its namespace's
/// enforce/audit/warn levels or at one explicit <c>--level</c>; <c>--fix</c> writes patched copies.
/// </summary>
public static class PssCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Manifests, Talos configs or directories (multi-document files such as helm template output); - reads standard input",
            Arity = ArgumentArity.OneOrMore,
        };
        var level = new Option<string?>("--level") { Description = "Evaluate every workload at this level instead of its namespace's: baseline|restricted|privileged" };
        level.AcceptOnlyFromAmong("privileged", "baseline", "restricted");
        var version = new Option<string?>("--version") { Description = "Policy version: latest or v1.N (default: latest, or each namespace's own)" };
        var kubernetesVersion = new Option<string?>("--kubernetes-version") { Description = "Emulate an API server of this version: latest and newer pins are capped to it" };
        var fix = new Option<bool>("--fix") { Description = "Write copies whose workloads are patched to pass --level (default restricted)" };
        var outDirectory = new Option<string?>("--out") { Description = "Directory for the --fix copies", HelpName = "DIR" };
        var inPlace = new Option<bool>("--in-place") { Description = "With --fix: replace the input files instead of writing copies" };
        var report = new ReportOptions();
        var command = new Command("pss", "Evaluate workloads against the Pod Security Standards, exactly as the PodSecurity admission plugin does")
        {
            paths, level, version, kubernetesVersion, fix, outDirectory, inPlace,
        };
        report.AddTo(command);
        command.SetAction(parse =>
        {
            var options = new PssOptions
            {
                Level = parse.GetValue(level) is { } levelText && PodSecurityLevels.TryParse(levelText, out var parsedLevel) ? parsedLevel : null,
                Version = ParseVersion(parse.GetValue(version)),
                MaxMinor = ScanCommand.ParseVersion(parse.GetValue(kubernetesVersion), "--kubernetes-version") is { } cap
                    ? (cap.Major == 1 ? cap.Minor : throw new UsageException($"--kubernetes-version: {cap} is not a Kubernetes 1.x version"))
                    : null,
            };
            if (parse.GetValue(fix) && parse.GetValue(outDirectory) is null && !parse.GetValue(inPlace))
            {
                throw new UsageException("--fix needs --out DIR (patched copies) or --in-place");
            }

            if (parse.GetValue(inPlace) && parse.GetValue(outDirectory) is not null)
            {
                throw new UsageException("--in-place and --out exclude each other: fix the inputs, or write patched copies to DIR");
            }

            if (!parse.GetValue(fix) && (parse.GetValue(inPlace) || parse.GetValue(outDirectory) is not null))
            {
                throw new UsageException($"{(parse.GetValue(inPlace) ? "--in-place" : "--out")} only applies with --fix");
            }

            var inputs = InputLoader.List(parse.GetValue(paths)!, StandardInput.Guard(Console.OpenStandardInput));
            var files = inputs.Parse();
            var inputPaths = files.Select(f => f.FullPath).ToList();
            OutputTarget.EnsureNotAnInput(parse.GetValue(report.Output), "-o", inputPaths);
            var model = new ClusterModel(files);
            var pss = PodSecurityService.Evaluate(model, options);
            List<string> notices = [.. inputs.Notices, .. pss.Notices];
            if (parse.GetValue(fix))
            {
                var target = new LevelVersion(options.Level ?? PodSecurityLevel.Restricted, options.Version ?? PolicyVersion.Latest);
                notices.AddRange(WriteFixes(files, target, options, parse.GetValue(outDirectory), parse.GetValue(inPlace)));
            }

            pss = pss with { Notices = notices };
            var result = new ScanResult(pss.Findings, model.TalosVersion, model.KubernetesVersion, notices, [.. files.Select(f => f.DisplayPath)]);
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(report.Format) == "table")
            {
                OutputTarget.Write(parse.GetValue(report.Output), stdout, stream => Rendering.PssTableWriter.Write(pss, stream));
                return result.Fails(ReportOptions.Threshold(parse.GetValue(report.FailOn)!)) ? ExitCodes.FindingsAtThreshold : ExitCodes.Success;
            }

            return report.Emit(parse, result, stdout, inputPaths, json => WriteEvaluations(json, pss));
        });
        return command;
    }

    private static PolicyVersion? ParseVersion(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return PolicyVersion.TryParse(text, out var version) ? version : throw new UsageException($"--version: '{text}' {PolicyVersion.InvalidVersionMessage}");
    }

    private static IEnumerable<string> WriteFixes(IReadOnlyList<SourceFile> files, LevelVersion target, PssOptions options, string? outDirectory, bool inPlace)
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

    /// <summary>A file in the way of --out (or of a folder below it), a read-only or full disk: the error names the option.</summary>
    private static void CreateCopyDirectory(string outDirectory, string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (IOException ex)
        {
            throw new UsageException($"--out {outDirectory}: cannot create the directory {directory}: {ex.Message}", ex);
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
                throw new UsageException($"--out {outDirectory}: {other.Source.DisplayPath} and {fixedFile.Source.DisplayPath} would both be written to {destination}; fix them in separate runs");
            }

            byDestination[full] = fixedFile;
            OutputTarget.EnsureNotAnInput(destination, "--out", inputs);
        }
    }

    /// <summary>The path of a copy under --out: the input's relative path, or its file name when it leaves the tree.</summary>
    private static string CopyName(string displayPath) =>
        Path.IsPathRooted(displayPath) || displayPath.Split('/').Contains("..") ? Path.GetFileName(displayPath) : displayPath;

    /// <summary>Names and messages are bounded as a finding's are (a manifest may name a pod with 200 MB); written out as it goes.</summary>
    private static void WriteEvaluations(Utf8JsonWriter json, PssReport report)
    {
        json.WriteStartArray("evaluations");
        foreach (var evaluation in report.Evaluations)
        {
            var item = evaluation.Workload.Item;
            json.WriteStartObject();
            json.WriteString("file", item.Document.File.DisplayPath);
            json.WriteNumber("document", item.Document.Index);
            json.WriteString("kind", DisplayText.Shorten(item.Kind, Finding.MaxNameChars));
            json.WriteString("namespace", DisplayText.Shorten(evaluation.Workload.Namespace, Finding.MaxNameChars));
            json.WriteString("name", DisplayText.Shorten(item.Name, Finding.MaxNameChars));
            json.WriteString("mode", evaluation.ModeName);
            json.WriteString("level", evaluation.Result.LevelVersion.Level.ToName());
            json.WriteString("version", evaluation.Result.LevelVersion.Version.ToString());
            json.WriteBoolean("allowed", evaluation.Result.Allowed);
            json.WriteString("message", DisplayText.Shorten(evaluation.Result.Message, Finding.MaxMessageChars));
            json.WriteEndObject();
            JsonReportWriter.FlushWhenFull(json);
        }

        json.WriteEndArray();
    }
}
