using System.CommandLine;
using System.Globalization;
using Talguard.Cli.Rendering;
using Talguard.Compliance;
using Talguard.Findings;
using Talguard.Model;
using Talguard.Reports;
using Talguard.Services;

namespace Talguard.Cli.Commands;

/// <summary><c>talguard compliance --framework F PATH...</c>: a per-control report for CIS, PCI DSS or SOC 2 (docs/compliance.md).</summary>
public static class ComplianceCommand
{
    public static readonly string[] Formats = ["table", "json", "markdown", "html", "policyreport"];

    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Machine configs, patches and Kubernetes manifests (files or directories, as scan reads them); - reads standard input",
            Arity = ArgumentArity.OneOrMore,
        };
        var framework = new Option<string>("--framework")
        {
            Description = "Framework to report on: " + string.Join('|', ComplianceCatalogs.Keys),
            Required = true,
        };
        framework.AcceptOnlyFromAmong([.. ComplianceCatalogs.Keys]);
        var evidence = new Option<string?>("--evidence") { Description = "Evidence bundle from talguard collect: its findings (TG-LIVE-*) join the configs'", HelpName = "BUNDLE" };
        var attestations = new Option<string?>("--attestations") { Description = "Attestations file (YAML) for controls no rule can judge", HelpName = "FILE" };
        var now = new Option<string?>("--now") { Description = "Judge attestation expiry at this RFC 3339 time instead of the clock", HelpName = "TIME" };
        var talosVersion = new Option<string?>("--talos-version") { Description = "Target Talos version (default: the install image tag, else v1.13)" };
        var kubernetesVersion = new Option<string?>("--kubernetes-version") { Description = "Target Kubernetes version (default: the apiServer/kubelet image tag, else v1.34)" };
        var format = new Option<string>("--format", "-f") { Description = "Output format: " + string.Join('|', Formats), DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong(Formats);
        var report = new ReportOptions();
        report.FailOn.Description = "Exit 1 when a failing control's highest finding is at or above (a control failed by a config override counts as high): critical|high|medium|low|info|none";
        report.FailOn.DefaultValueFactory = _ => "info";
        var command = new Command("compliance", "Report CIS Kubernetes Benchmark 1.10, PCI DSS 4.0 or SOC 2 controls: pass, fail, not-applicable or manual, with evidence and a score")
        {
            paths, framework, evidence, attestations, now, talosVersion, kubernetesVersion, format, report.Output, report.FailOn,
        };
        report.AddExceptionsTo(command);
        command.SetAction(parse =>
        {
            var scanned = parse.GetValue(paths)!;
            var options = new ScanOptions
            {
                Targets = new TargetOverrides(
                    ScanCommand.ParseVersion(parse.GetValue(talosVersion), "--talos-version"),
                    ScanCommand.ParseVersion(parse.GetValue(kubernetesVersion), "--kubernetes-version")),
                Exceptions = report.LoadExceptions(parse, scanned),
            };
            var output = parse.GetValue(report.Output);
            OutputTarget.EnsureNotAnInput(output, "-o", [.. scanned, parse.GetValue(evidence), parse.GetValue(attestations)]);
            var result = ComplianceService.Run(new ComplianceRequest
            {
                Framework = parse.GetValue(framework)!,
                Paths = scanned,
                Options = options,
                EvidenceBundle = parse.GetValue(evidence),
                Attestations = parse.GetValue(attestations),
                Now = ParseNow(parse.GetValue(now)),
                FailOn = report.FailOnThreshold(parse),
                StandardInput = StandardInput.Guard(Console.OpenStandardInput),
            });
            var stdout = parse.InvocationConfiguration.Output;
            OutputTarget.Write(output, stdout, stream =>
            {
                switch (parse.GetValue(format))
                {
                    case "json":
                        new ComplianceJsonWriter().Write(result.Report, stream);
                        break;
                    case "markdown":
                        ComplianceMarkdownWriter.Write(result.Report, stream);
                        break;
                    case "html":
                        new ComplianceHtmlWriter { Sources = SourceExcerpts.FromDirectory(Directory.GetCurrentDirectory()) }.Write(result.Report, stream);
                        break;
                    case "policyreport":
                        new CompliancePolicyReportWriter
                        {
                            TimestampSeconds = parse.GetValue(now) is null ? ReportOptions.ReproducibleTimestamp() : ParseNow(parse.GetValue(now)).ToUnixTimeSeconds(),
                        }.Write(result.Report, stream);
                        break;
                    default:
                        new ComplianceTableWriter { Style = TerminalStyle.For(stdout, output) }.Write(result.Report, stream);
                        break;
                }
            });
            InputErrorLines.Write(parse.InvocationConfiguration.Error, result.Report.Scan);
            return ExitCodes.For(result.Outcome);
        });
        return command;
    }

    private static DateTimeOffset ParseNow(string? text) =>
        text is null ? DateTimeOffset.UtcNow
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var now) && text.Contains('T', StringComparison.Ordinal) ? now
        : throw new UsageException($"--now: '{text}' is not an RFC 3339 time like 2026-12-03T12:00:00Z");
}
