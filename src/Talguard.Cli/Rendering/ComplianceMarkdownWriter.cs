using System.Globalization;
using System.Text;
using Talguard.Compliance;
using Talguard.Findings;

namespace Talguard.Cli.Rendering;

/// <summary>
/// <c>compliance --format markdown</c>: a pull-request comment with the score, the counts, the failing controls
/// with their findings first, then every control in one table. Text is escaped as the findings Markdown escapes it.
/// </summary>
public static class ComplianceMarkdownWriter
{
    public static void Write(ComplianceReport report, Stream output)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"### Talguard compliance: {MarkdownReportWriter.Text(report.Framework.Title)} {MarkdownReportWriter.Text(report.Framework.Version)}, score {report.Score:0.0###}"));
        writer.WriteLine();
        writer.WriteLine("| Pass | Fail | Not applicable | Manual |");
        writer.WriteLine("|---:|---:|---:|---:|");
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {report.Count(ControlStatus.Pass)} | {report.Count(ControlStatus.Fail)} | {report.Count(ControlStatus.NotApplicable)} | {report.Count(ControlStatus.Manual)} |"));
        var failing = report.Controls.Where(c => c.Status == ControlStatus.Fail).ToList();
        if (failing.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("#### Failing controls");
            writer.WriteLine();
            writer.WriteLine("| Control | Why |");
            writer.WriteLine("|---|---|");
            foreach (var control in failing)
            {
                var why = control.Findings.Select(f => string.Create(CultureInfo.InvariantCulture,
                    $"{f.Severity.ToName()} {MarkdownReportWriter.Text(f.Rule.Id)} {MarkdownReportWriter.Text(f.Location.File)}{(f.Location.Line > 0 ? ":" + f.Location.Line.ToString(CultureInfo.InvariantCulture) : string.Empty)}: {MarkdownReportWriter.Text(f.Message)}"))
                    .ToList();
                if (control.Reason is { } reason)
                {
                    why.Add(MarkdownReportWriter.Text(reason));
                }

                writer.WriteLine($"| **{control.Id}** {MarkdownReportWriter.Text(control.Title)} | {string.Join("<br>", why)} |");
            }
        }

        writer.WriteLine();
        writer.WriteLine("<details><summary>All controls</summary>");
        writer.WriteLine();
        writer.WriteLine("| Control | Status | Title | Evidence or reason |");
        writer.WriteLine("|---|---|---|---|");
        foreach (var control in report.Controls)
        {
            var details = (control.Reason is { } reason ? [MarkdownReportWriter.Text(reason)] : new List<string>())
                .Concat(control.Evidence.Select(e => MarkdownReportWriter.Text(e.Text)));
            // Control IDs come from the catalogs (letters, digits and dots): shown as written.
            writer.WriteLine($"| {control.Id} | {control.Status.ToName()} | {MarkdownReportWriter.Text(control.Title)} | {string.Join("<br>", details)} |");
        }

        writer.WriteLine();
        writer.WriteLine("</details>");
        if (report.Notices.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("#### Notes");
            writer.WriteLine();
            foreach (var notice in report.Notices)
            {
                writer.WriteLine("- " + MarkdownReportWriter.Text(notice));
            }
        }

        writer.Flush();
    }
}
