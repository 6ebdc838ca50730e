using System.Globalization;
using System.Text;
using Talguard.Compliance;
using Talguard.Findings;

namespace Talguard.Cli.Rendering;

/// <summary>
/// The compliance table for people: one line per control (status, ID, title), its evidence, findings and reason
/// under it, then the counts and the score.
/// </summary>
public sealed class ComplianceTableWriter
{
    /// <summary>Everything under a control's first line starts in the column its ID does.</summary>
    private const int Indent = 17;

    public TerminalStyle Style { get; init; } = TerminalStyle.Plain;

    public void Write(ComplianceReport report, Stream output)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = "\n" };
        var width = Style.Width;
        writer.WriteLine($"{report.Framework.Title} {report.Framework.Version} ({report.Framework.Id})");
        var section = string.Empty;
        foreach (var control in report.Controls)
        {
            if (control.Section != section)
            {
                section = control.Section;
                writer.WriteLine();
                writer.WriteLine(control.SectionTitle.Length > 0 ? $"{section} {control.SectionTitle}" : section);
            }

            foreach (var line in TextLayout.Wrap($"{control.Id} {control.Title}", width, $"  {Status(control.Status)} ", new string(' ', Indent)))
            {
                writer.WriteLine(line);
            }

            foreach (var finding in control.Findings)
            {
                var where = finding.Location.Line > 0
                    ? string.Create(CultureInfo.InvariantCulture, $"{finding.Location.File}:{finding.Location.Line}")
                    : finding.Location.File;
                foreach (var line in TextLayout.Wrap($"{finding.Rule.Id} {where}: {finding.Message}", width, $"{new string(' ', Indent)}{Style.Severity(finding.Severity)} ", new string(' ', Indent + 2)))
                {
                    writer.WriteLine(line);
                }
            }

            if (control.Reason is { } reason)
            {
                WriteWrapped(writer, reason, width, "reason: ");
            }

            foreach (var evidence in control.Evidence)
            {
                WriteWrapped(writer, evidence.Text, width, "- ");
            }
        }

        writer.WriteLine();
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Count(ControlStatus.Pass)} pass, {report.Count(ControlStatus.Fail)} fail, {report.Count(ControlStatus.NotApplicable)} not applicable, " +
            $"{report.Count(ControlStatus.Manual)} manual; score {report.Score:0.0###} (pass / (pass + fail))"));
        foreach (var notice in report.Notices)
        {
            foreach (var line in TextLayout.Wrap(notice, width, "note: ", "      "))
            {
                writer.WriteLine(line);
            }
        }

        writer.Flush();
    }

    private static void WriteWrapped(StreamWriter writer, string text, int width, string label)
    {
        foreach (var line in TextLayout.Wrap(text, width, new string(' ', Indent) + label, new string(' ', Indent + label.Length)))
        {
            writer.WriteLine(line);
        }
    }

    /// <summary>The status in a fixed column of 15 characters, coloured as a severity would be when colour is on.</summary>
    private string Status(ControlStatus status)
    {
        var text = status.ToName().ToUpperInvariant().PadRight(14);
        return status switch
        {
            ControlStatus.Fail => Style.Paint(Severity.High, text),
            ControlStatus.Manual => Style.Paint(Severity.Medium, text),
            _ => text,
        };
    }
}
