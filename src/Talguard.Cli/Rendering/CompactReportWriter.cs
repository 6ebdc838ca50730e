using System.Globalization;
using System.Text;
using Talguard.Findings;
using Talguard.Reports;

namespace Talguard.Cli.Rendering;

/// <summary>
/// <c>--format compact</c>: one line per active finding, <c>file:line:col: severity RULE message</c>, the shape
/// compilers print and editors (Vim's errorformat, Emacs's compilation mode, VS Code problem matchers) and grep
/// read; then one <c>file:line:col: error message</c> line per input that could not be read. Nothing else, so every
/// line is a place. Text from the inputs is escaped as for a terminal, so each finding stays on its line.
/// </summary>
public sealed class CompactReportWriter : IReportWriter
{
    public void Write(ScanResult result, Stream output)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = "\n" };
        foreach (var finding in result.Active)
        {
            writer.WriteLine(Line(finding));
        }

        foreach (var error in result.Errors)
        {
            writer.WriteLine(DisplayText.ForTerminal(string.Create(CultureInfo.InvariantCulture, $"{error.File}:{Math.Max(error.Line, 1)}:1: error {error.Message}")));
        }

        writer.Flush();
    }

    /// <summary>One finding as <c>file:line:col: severity RULE message</c>.</summary>
    public static string Line(Finding finding) => DisplayText.ForTerminal(string.Create(
        CultureInfo.InvariantCulture,
        $"{finding.Location.Place}: {finding.Severity.ToName()} {finding.Rule.Id} {finding.Message}"));
}
