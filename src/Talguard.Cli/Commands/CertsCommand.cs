using System.CommandLine;
using System.Globalization;
using Talguard.Findings;
using Talguard.Reports;
using Talguard.Services;

namespace Talguard.Cli.Commands;

/// <summary><c>talguard certs PATH...</c>: the certificates of secrets bundles, configs, talosconfigs, kubeconfigs and PEM/DER files, their chains and the CERT findings.</summary>
public static class CertsCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Secrets bundles (talosctl gen secrets), machine configs, talosconfigs, kubeconfigs, PEM or DER files, or directories of them (recursively)",
            Arity = ArgumentArity.OneOrMore,
        };
        var now = new Option<string?>("--now")
        {
            Description = "Judge expiry and days left at this RFC 3339 time instead of the clock (reproducible reports), e.g. 2026-06-01T00:00:00Z",
            HelpName = "TIME",
        };
        var expiryWarning = ScanCommand.ExpiryWarningOption("; also the runbook's window");
        var maxAdminTtl = ScanCommand.MaxAdminTtlOption();
        var runbook = new Option<bool>("--runbook")
        {
            Description = "Print the commands that rotate what is expired or expiring, in order, instead of the table",
        };
        var exclude = ScanCommand.ExcludeOption();
        var report = new ReportOptions(["prometheus"]);
        var command = new Command("certs", "Inventory certificates and keys: subject, issuer, key, validity, usages, Talos roles, chain; CERT findings; metrics; rotation runbook")
        {
            paths, now, expiryWarning, maxAdminTtl, runbook, exclude,
        };
        report.AddTo(command);
        command.SetAction(parse =>
        {
            var given = parse.GetValue(paths)!;
            var options = new ScanOptions
            {
                Now = ParseNow(parse.GetValue(now)),
                ExpiryWarningDays = ScanCommand.CheckExpiryWarning(parse.GetValue(expiryWarning)),
                MaxAdminTtl = ScanCommand.ParseDuration(parse.GetValue(maxAdminTtl)!, "--max-admin-ttl"),
            };
            var format = parse.GetValue(report.Format)!;
            if (parse.GetValue(runbook) && format != "table")
            {
                throw new UsageException("--runbook prints text: leave --format out");
            }

            var result = CertificatesService.Run(new CertificatesRequest
            {
                Paths = given,
                Options = options,
                FailOn = report.FailOnThreshold(parse),
                Exclude = ScanCommand.ExcludeGlobs(parse.GetValue(exclude)),
            });
            var output = parse.GetValue(report.Output);
            var stdout = parse.InvocationConfiguration.Output;
            var inputs = result.Report.Files.Concat(given).Cast<string?>();
            if (parse.GetValue(runbook))
            {
                OutputTarget.EnsureNotAnInput(output, "-o", inputs);
                OutputTarget.Write(output, stdout, stream => WriteText(stream, writer => writer.Write(string.Join('\n', RotationRunbook.Text(result, options.MaxAdminTtl).Split('\n').Select(DisplayText.ForTerminal)))));
            }
            else if (format == "prometheus")
            {
                OutputTarget.EnsureNotAnInput(output, "-o", inputs);
                OutputTarget.Write(output, stdout, stream => CertificateReportWriters.WritePrometheus(result, stream));
            }
            else if (format == "table")
            {
                OutputTarget.EnsureNotAnInput(output, "-o", inputs);
                var style = Rendering.TerminalStyle.For(stdout, output);
                var (shown, filter) = Rendering.DisplayFilter.Apply(result.Report, report.MinSeverityLevel(parse));
                OutputTarget.Write(output, stdout, stream =>
                {
                    WriteText(stream, writer =>
                    {
                        Rendering.CertificateTableWriter.Write(result, writer, style);
                        writer.WriteLine();
                    });
                    new Rendering.TableReportWriter { Style = style, Filter = filter }.Write(shown, stream);
                });
            }
            else
            {
                report.Write(parse, result.Report, stdout, inputs, json => CertificateReportWriters.WriteJsonMembers(json, result));
            }

            return ExitCodes.For(result.Outcome);
        });
        return command;
    }

    private static void WriteText(Stream stream, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = "\n" };
        write(writer);
    }

    private static DateTimeOffset ParseNow(string? text)
    {
        if (text is null)
        {
            return DateTimeOffset.UtcNow;
        }

        return DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? parsed.ToUniversalTime()
            : throw new UsageException($"--now: '{text}' is not an RFC 3339 time like 2026-06-01T00:00:00Z");
    }
}
