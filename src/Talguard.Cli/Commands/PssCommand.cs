using System.CommandLine;
using Talguard.Hardening.PodSecurity;
using Talguard.Model;
using Talguard.Reports;
using Talguard.Services;

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
        var exclude = ScanCommand.ExcludeOption();
        var pssDefaults = PssDefaultsOption();
        var report = new ReportOptions();
        var command = new Command("pss", "Evaluate workloads against the Pod Security Standards, exactly as the PodSecurity admission plugin does")
        {
            paths, level, version, kubernetesVersion, fix, outDirectory, inPlace, exclude, pssDefaults,
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
                AssumedDefaults = ParsePssDefaults(parse.GetValue(pssDefaults)!),
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

            var excluded = ScanCommand.ExcludeGlobs(parse.GetValue(exclude));
            var run = ProgressDisplay.Scan(parse.InvocationConfiguration.Error, progress => PodSecurityService.Run(new PodSecurityRequest
            {
                Exclude = excluded,
                Progress = progress,
                Paths = parse.GetValue(paths)!,
                StandardInput = StandardInput.Guard(Console.OpenStandardInput),
                Options = options,
                Fix = parse.GetValue(fix),
                OutDirectory = parse.GetValue(outDirectory),
                InPlace = parse.GetValue(inPlace),
                ReportOutput = parse.GetValue(report.Output),
                FailOn = report.FailOnThreshold(parse),
            }));
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(report.Format) == "table")
            {
                OutputTarget.Write(parse.GetValue(report.Output), stdout, stream => Rendering.PssTableWriter.Write(run.Evaluation, stream, report.MinSeverityLevel(parse), Rendering.TerminalStyle.For(stdout, parse.GetValue(report.Output))));
            }
            else
            {
                report.Write(parse, run.Report, stdout, run.InputPaths, json => PodSecurityJson.WriteEvaluations(json, run.Evaluation));
            }

            InputErrorLines.Write(parse.InvocationConfiguration.Error, run.Report);

            return ExitCodes.For(run.Outcome);
        });
        return command;
    }

    /// <summary><c>--pss-defaults talos|upstream</c>, shared by <c>scan</c> and <c>pss</c>.</summary>
    internal static Option<string> PssDefaultsOption()
    {
        var option = new Option<string>("--pss-defaults")
        {
            Description = "Pod Security defaults assumed when the inputs hold no admission configuration: talos (what talosctl gen config writes: enforce baseline) or upstream (privileged)",
            DefaultValueFactory = _ => "talos",
        };
        option.AcceptOnlyFromAmong("talos", "upstream");
        return option;
    }

    internal static PodSecurityDefaults ParsePssDefaults(string value) =>
        string.Equals(value, "upstream", StringComparison.OrdinalIgnoreCase) ? PodSecurityDefaults.Upstream : PodSecurityDefaults.Talos;

    private static PolicyVersion? ParseVersion(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return PolicyVersion.TryParse(text, out var version) ? version : throw new UsageException($"--version: '{text}' {PolicyVersion.InvalidVersionMessage}");
    }
}
