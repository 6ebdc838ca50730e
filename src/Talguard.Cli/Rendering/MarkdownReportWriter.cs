using System.Globalization;
using System.Text;
using Talguard.Findings;
using Talguard.Reports;

namespace Talguard.Cli.Rendering;

/// <summary>
/// <c>--format markdown</c>: a pull-request comment (GitHub-flavoured Markdown). A summary table of counts, then per
/// file a table of its findings (severity, rule, place, object, title, message and fix) and the fix patches in a
/// collapsed section; input errors, skipped files, targets and notices follow. Text from the inputs can neither
/// format the comment nor inject HTML: Markdown punctuation is backslash-escaped, <c>&lt;</c>, <c>&gt;</c> and
/// <c>&amp;</c> become entities, control characters visible escapes, and a patch's code fence is longer than any
/// run of backticks inside it.
/// </summary>
public sealed class MarkdownReportWriter : IReportWriter
{
    public DisplayFilter Filter { get; init; } = DisplayFilter.None;

    public void Write(ScanResult result, Stream output)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = "\n" };
        var active = result.Active.ToList();
        writer.WriteLine("### Talguard: " + TableReportWriter.Summary(result, active.Count, Filter));
        writer.WriteLine();
        writer.WriteLine("| Critical | High | Medium | Low | Info | Suppressed |");
        writer.WriteLine("|---:|---:|---:|---:|---:|---:|");
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {result.Count(Severity.Critical)} | {result.Count(Severity.High)} | {result.Count(Severity.Medium)} | {result.Count(Severity.Low)} | {result.Count(Severity.Info)} | {result.SuppressedCount} |"));
        foreach (var file in active.GroupBy(f => f.Location.File))
        {
            WriteFile(writer, file.Key, [.. file]);
        }

        WriteList(writer, "Input errors", result.Errors.Select(e =>
            Text(e.File) + (e.Line > 0 ? ":" + e.Line.ToString(CultureInfo.InvariantCulture) : string.Empty) + ": " + Text(e.Message)));
        WriteList(writer, "Skipped files", result.Skipped.Select(s => Text(s.File) + ": " + Text(s.Reason)));
        WriteList(writer, "Suppressed", result.Findings.Where(f => f.Suppressed).Select(f =>
            $"{Text(f.Rule.Id)} {Text(f.Location.File)}{(f.Location.Line > 0 ? ":" + f.Location.Line.ToString(CultureInfo.InvariantCulture) : string.Empty)} ({Text(f.SuppressionReason ?? string.Empty)})"));
        WriteList(writer, "Notes", [.. TableReportWriter.TargetLines(result.Targets).Select(Text), .. result.Notices.Select(Text)]);
        writer.Flush();
    }

    private static void WriteFile(StreamWriter writer, string file, List<Finding> findings)
    {
        writer.WriteLine();
        writer.WriteLine($"#### {Text(file)}");
        writer.WriteLine();
        writer.WriteLine("| Severity | Rule | Line | Finding |");
        writer.WriteLine("|---|---|---:|---|");
        foreach (var finding in findings)
        {
            var where = new List<string>();
            if (finding.Object is { } reference)
            {
                where.Add(Text(reference.Namespace.Length > 0 ? $"{reference.Kind}/{reference.Name} ({reference.Namespace})" : $"{reference.Kind}/{reference.Name}"));
            }

            if (finding.Location.Path.Length > 0)
            {
                where.Add("<code>" + Text(finding.Location.Path) + "</code>");
            }

            var place = where.Count > 0 ? string.Join(" · ", where) + "<br>" : string.Empty;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {finding.Severity.ToName()} | {Text(finding.Rule.Id)} | {finding.Location.LineAndColumn} | " +
                $"**{Text(finding.Rule.Title)}**<br>{place}{Text(finding.Message)}<br>**Fix:** {Text(finding.Rule.Remediation)} |"));
        }

        var patched = findings.Where(f => f.Patch is not null).ToList();
        if (patched.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        writer.WriteLine("<details><summary>Fix patches</summary>");
        foreach (var finding in patched)
        {
            writer.WriteLine();
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Text(finding.Rule.Id)}{(finding.Location.Line > 0 ? " at line " + finding.Location.LineAndColumn : string.Empty)}:"));
            writer.WriteLine();
            var lines = finding.Patch!.TrimEnd('\n').Split('\n').Select(l => DisplayText.ForTerminal(l.TrimEnd('\r'))).ToList();
            var fence = new string('`', Math.Max(3, lines.Max(LongestBacktickRun) + 1));
            writer.WriteLine(fence + "yaml");
            foreach (var line in lines)
            {
                writer.WriteLine(line);
            }

            writer.WriteLine(fence);
        }

        writer.WriteLine();
        writer.WriteLine("</details>");
    }

    private static void WriteList(StreamWriter writer, string heading, IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        writer.WriteLine($"#### {heading}");
        writer.WriteLine();
        foreach (var item in list)
        {
            writer.WriteLine("- " + item);
        }
    }

    private static int LongestBacktickRun(string line)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in line)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    /// <summary>
    /// Input text as literal Markdown on one line: control characters (newlines too) as visible escapes, the HTML
    /// specials as entities, and every punctuation mark that can start Markdown syntax (emphasis, links, code,
    /// headings, lists, table cells, strike-through, math, mentions, autolinks) backslash-escaped.
    /// </summary>
    public static string Text(string text)
    {
        var visible = DisplayText.ForTerminal(text);
        var escaped = new StringBuilder(visible.Length + 16);
        foreach (var c in visible)
        {
            _ = c switch
            {
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                '&' => escaped.Append("&amp;"),
                '\\' or '`' or '*' or '_' or '[' or ']' or '(' or ')' or '#' or '+' or '-' or '!' or '|' or '~' or '@' or '$' or ':' or '.'
                    => escaped.Append('\\').Append(c),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }
}
