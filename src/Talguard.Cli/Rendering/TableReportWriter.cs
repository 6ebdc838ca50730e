using System.Globalization;
using System.Text;
using Talguard.Findings;
using Talguard.Reports;

namespace Talguard.Cli.Rendering;

/// <summary>
/// Human-readable findings, laid out as compiler diagnostics are (rustc, clang) rather than as a table, so that
/// every part fits 80 columns: per file, one block per finding with its severity, rule and title; its place
/// (<c>file:line:col</c>, the object, the YAML path); the message; and a <c>Fix:</c> line with the rule's
/// remediation (and, with <see cref="ShowPatch"/>, the patch). Pod Security violations of one workload form one
/// block. Then suppressed findings, input errors, skipped files, targets, notices and a summary.
/// Beyond <see cref="MaxTableRows"/> findings each is one plain line (as <see cref="CompactReportWriter"/> writes
/// it), so a large report costs what its text does. Text from the inputs is shown with control characters escaped
/// (<see cref="DisplayText.ForTerminal"/>), so a value can never drive the terminal.
/// </summary>
public sealed class TableReportWriter : IReportWriter
{
    /// <summary>
    /// Above this many active findings the report is one line per finding: a reader of thousands of findings
    /// filters them (grep) rather than reads them.
    /// </summary>
    public const int MaxTableRows = 1000;

    private const string EntryIndent = "  ";
    private const string DetailIndent = "    ";
    private const string PatchIndent = "      ";

    /// <summary>Before a finding's place, as rustc marks it; what does not fit after it goes under the place.</summary>
    private const string PlaceArrow = "    --> ";
    private const string PlaceIndent = "        ";

    public TerminalStyle Style { get; init; } = TerminalStyle.Plain;

    /// <summary>Print each finding's fix patch (YAML) under it.</summary>
    public bool ShowPatch { get; init; }

    /// <summary>The <c>--min-severity</c> the result was filtered with, and how many active findings that hid; the summary says so.</summary>
    public DisplayFilter Filter { get; init; } = DisplayFilter.None;

    public void Write(ScanResult result, Stream output)
    {
        // Replacing, not throwing, on a lone surrogate: a finding's text must never abort the report.
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = "\n" };
        var active = result.Active.ToList();
        if (active.Count > MaxTableRows)
        {
            foreach (var finding in active)
            {
                writer.WriteLine(CompactReportWriter.Line(finding));
            }
        }
        else
        {
            foreach (var file in active.GroupBy(f => f.Location.File))
            {
                writer.WriteLine(Shown(file.Key));
                writer.WriteLine();
                foreach (var entry in Entries([.. file]))
                {
                    WriteEntry(writer, entry);
                    writer.WriteLine();
                }
            }
        }

        foreach (var finding in result.Findings.Where(f => f.Suppressed))
        {
            WriteWrapped(writer, $"suppressed: {finding.Rule.Id} {Place(finding)} ({Shown(finding.SuppressionReason ?? string.Empty)})", "            ");
        }

        foreach (var error in result.Errors)
        {
            WriteWrapped(writer, $"error: {Shown(error.File)}{(error.Line > 0 ? ":" + error.Line.ToString(CultureInfo.InvariantCulture) : string.Empty)}: {Shown(error.Message)}", "       ");
        }

        foreach (var skipped in result.Skipped)
        {
            WriteWrapped(writer, $"skipped: {Shown(skipped.File)}: {Shown(skipped.Reason)}", "         ");
        }

        foreach (var line in TargetLines(result.Targets))
        {
            WriteWrapped(writer, line, "        ");
        }

        foreach (var notice in result.Notices)
        {
            WriteWrapped(writer, "note: " + Shown(notice), "      ");
        }

        WriteWrapped(writer, Summary(result, active.Count, Filter), "  ");
        writer.Flush();
    }

    /// <summary>One active finding, or the Pod Security violations of one workload (two or more) in one file.</summary>
    private sealed record Entry(IReadOnlyList<Finding> Findings)
    {
        public bool IsWorkload => Findings.Count > 1;
    }

    /// <summary>
    /// The findings of one file in report order, where a workload's Pod Security violations make one entry at the
    /// place of the first of them, instead of one per violated check.
    /// </summary>
    private static List<Entry> Entries(List<Finding> findings)
    {
        var byWorkload = findings.Where(IsWorkloadViolation).GroupBy(f => f.Object!).ToDictionary(g => g.Key, g => g.ToList());
        var entries = new List<Entry>();
        var placed = new HashSet<ObjectReference>();
        foreach (var finding in findings)
        {
            if (IsWorkloadViolation(finding) && byWorkload[finding.Object!] is { Count: > 1 } violations)
            {
                if (placed.Add(finding.Object!))
                {
                    entries.Add(new Entry(violations));
                }
            }
            else
            {
                entries.Add(new Entry([finding]));
            }
        }

        return entries;
    }

    private static bool IsWorkloadViolation(Finding finding) =>
        finding.Object is not null && finding.Rule.Id is "TG-PSS-006" or "TG-PSS-007";

    private void WriteEntry(StreamWriter writer, Entry entry)
    {
        if (entry.IsWorkload)
        {
            WriteWorkload(writer, entry.Findings);
            return;
        }

        var finding = entry.Findings[0];
        WriteHeading(writer, finding.Severity, $"{finding.Rule.Id} {Shown(finding.Rule.Title)}");
        WriteLines(writer, TextLayout.Pack(PlaceItems(finding, withObject: true, Place(finding)), Style.Width, PlaceArrow, PlaceIndent));
        WriteWrapped(writer, Shown(finding.Message), DetailIndent, DetailIndent);
        WriteWrapped(writer, "Fix: " + Shown(finding.Rule.Remediation), DetailIndent + "     ", DetailIndent);
        WritePatch(writer, finding, PatchIndent);
    }

    /// <summary>
    /// One workload's Pod Security violations: the workload and how many, the first violation's place, the text all
    /// their messages start with (the level they violate) once, then each violation by rule, line:column and YAML
    /// path with the rest of its message, then each rule's fix once. Severities are shown per violation when they differ.
    /// </summary>
    private void WriteWorkload(StreamWriter writer, IReadOnlyList<Finding> violations)
    {
        var first = violations[0];
        var highest = violations.Max(f => f.Severity);
        var mixed = violations.Any(v => v.Severity != highest);
        WriteHeading(writer, highest, $"{Shown(Describe(first.Object!))}: {violations.Count} Pod Security violations");
        WriteLines(writer, TextLayout.Pack([Place(first)], Style.Width, PlaceArrow, PlaceIndent));
        var shared = SharedLead(violations.Select(v => v.Message).ToList());
        if (shared.Length > 0)
        {
            WriteWrapped(writer, Shown(shared.TrimEnd()), DetailIndent, DetailIndent);
        }

        foreach (var violation in violations)
        {
            var lead = mixed ? violation.Severity.ToName().ToUpperInvariant() + " " : string.Empty;
            var items = PlaceItems(violation, withObject: false, $"{lead}{violation.Rule.Id} {violation.Location.LineAndColumn}".TrimEnd());
            WriteLines(writer, TextLayout.Pack(items, Style.Width, DetailIndent, PlaceIndent).Select((line, i) => i == 0 && mixed ? PaintStart(line, DetailIndent, violation.Severity) : line));
            WriteWrapped(writer, Shown(violation.Message[shared.Length..]), PatchIndent, PatchIndent);
            WritePatch(writer, violation, PatchIndent + "  ");
        }

        var rules = violations.Select(v => v.Rule).DistinctBy(r => r.Id).ToList();
        foreach (var rule in rules)
        {
            var label = rules.Count == 1 ? "Fix: " : $"Fix ({rule.Id}): ";
            WriteWrapped(writer, label + Shown(rule.Remediation), DetailIndent + new string(' ', label.Length), DetailIndent);
        }
    }

    /// <summary>
    /// The longest start all <paramref name="messages"/> share that ends after a <c>": "</c> and leaves each some text
    /// (<c>violates PodSecurity "restricted:latest": </c>); empty when they share none.
    /// </summary>
    private static string SharedLead(List<string> messages)
    {
        var length = messages.Min(m => m.Length);
        for (var i = 0; i < length; i++)
        {
            if (messages.Any(m => m[i] != messages[0][i]))
            {
                length = i;
                break;
            }
        }

        var end = messages[0].LastIndexOf(": ", Math.Max(length - 1, 0), StringComparison.Ordinal);
        return end > 0 && end + 2 <= length && messages.All(m => m.Length > end + 2) ? messages[0][..(end + 2)] : string.Empty;
    }

    /// <summary>Severity, then the rest wrapped under it; only the severity is coloured.</summary>
    private void WriteHeading(StreamWriter writer, Severity severity, string rest)
    {
        var name = severity.ToName().ToUpperInvariant();
        var lines = TextLayout.Wrap($"{name} {rest}", Style.Width, EntryIndent, DetailIndent).ToList();
        lines[0] = PaintStart(lines[0], EntryIndent, severity);
        WriteLines(writer, lines);
    }

    /// <summary>The severity name that starts <paramref name="line"/> after <paramref name="indent"/>, painted; the layout is measured uncoloured.</summary>
    private string PaintStart(string line, string indent, Severity severity)
    {
        var name = severity.ToName().ToUpperInvariant();
        return Style.Color ? indent + Style.Paint(severity, name) + line[(indent.Length + name.Length)..] : line;
    }

    private void WritePatch(StreamWriter writer, Finding finding, string indent)
    {
        if (!ShowPatch || finding.Patch is not { } patch)
        {
            return;
        }

        // YAML is shown as it applies: never wrapped, each line escaped on its own.
        writer.WriteLine(indent[..^2] + "Patch:");
        foreach (var line in patch.TrimEnd('\n').Split('\n'))
        {
            writer.WriteLine((indent + Shown(line.TrimEnd('\r'))).TrimEnd());
        }
    }

    /// <summary>The place, then (for a finding about a Kubernetes object) the object, then the YAML path.</summary>
    private static List<string> PlaceItems(Finding finding, bool withObject, string place)
    {
        List<string> items = [place];
        if (withObject && finding.Object is { } reference)
        {
            items.Add(Shown(Describe(reference)));
        }

        if (finding.Location.Path.Length > 0)
        {
            items.Add(Shown(finding.Location.Path));
        }

        return items;
    }

    private static string Place(Finding finding) =>
        Shown(finding.Location.File) + (finding.Location.Line > 0 ? ":" + finding.Location.LineAndColumn : string.Empty);

    /// <summary>As <c>talguard pss</c> and <c>kubectl</c> name an object: Kind/name, and its namespace when it has one.</summary>
    private static string Describe(ObjectReference reference) =>
        reference.Namespace.Length > 0 ? $"{reference.Kind}/{reference.Name} ({reference.Namespace})" : $"{reference.Kind}/{reference.Name}";

    private void WriteWrapped(StreamWriter writer, string text, string nextIndent, string firstIndent = "") =>
        WriteLines(writer, TextLayout.Wrap(text, Style.Width, firstIndent, nextIndent));

    private static void WriteLines(StreamWriter writer, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            writer.WriteLine(line);
        }
    }

    private static string Shown(string text) => DisplayText.ForTerminal(text);

    /// <summary>
    /// The releases the files were judged against, one line per distinct target: the files when they are few,
    /// and what decided the target when it is the same for all of them.
    /// </summary>
    internal static IEnumerable<string> TargetLines(IReadOnlyList<FileTarget> targets)
    {
        const int NamedFiles = 3;
        foreach (var group in targets.GroupBy(t => (t.TalosVersion, t.KubernetesVersion)).OrderBy(g => g.Key.TalosVersion).ThenBy(g => g.Key.KubernetesVersion))
        {
            var files = group.Select(t => t.File).Distinct(StringComparer.Ordinal).ToList();
            var evidence = group.Select(t => t.Evidence).Distinct(StringComparer.Ordinal).ToList();
            var which = files.Count <= NamedFiles ? string.Join(", ", files.Select(Shown)) : $"{files.Count} files";
            var why = evidence.Count == 1 && evidence[0].Length > 0 ? $" ({Shown(evidence[0])})" : string.Empty;
            yield return $"target: Talos {group.Key.TalosVersion}, Kubernetes {group.Key.KubernetesVersion} for {which}{why}";
        }
    }

    /// <summary>
    /// What the report holds in one line: active findings by severity, then suppressed, hidden by
    /// <c>--min-severity</c>, files scanned, files with errors and files skipped (the last four when there are any).
    /// </summary>
    internal static string Summary(ScanResult result, int activeCount, DisplayFilter filter)
    {
        var bySeverity = Enum.GetValues<Severity>().Reverse()
            .Select(s => (Severity: s, Count: result.Count(s))).Where(c => c.Count > 0)
            .Select(c => $"{c.Count} {c.Severity.ToName()}").ToList();
        var parts = new List<string>
        {
            Plural(activeCount, "finding") + (bySeverity.Count > 0 ? $" ({string.Join(", ", bySeverity)})" : string.Empty),
        };
        if (result.SuppressedCount > 0)
        {
            parts.Add($"{result.SuppressedCount} suppressed");
        }

        if (filter.Hidden > 0)
        {
            parts.Add($"{filter.Hidden} below {filter.MinSeverity!.Value.ToName()} not shown");
        }

        parts.Add(Plural(result.Files.Count, "file") + " scanned");
        if (result.Errors.Count > 0)
        {
            parts.Add(Plural(result.Errors.Select(e => e.File).Distinct(StringComparer.Ordinal).Count(), "file") + " with errors");
        }

        if (result.Skipped.Count > 0)
        {
            parts.Add(Plural(result.Skipped.Count, "file") + " skipped");
        }

        return string.Join(", ", parts);
    }

    private static string Plural(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");
}
