using System.Globalization;
using Talguard.Model;
using Talguard.Reports;

namespace Talguard.Findings;

/// <summary>
/// Marks findings as suppressed, by an inline <c># talguard:ignore TG-XXX-NNN reason</c> comment on the
/// finding's line or on the comment lines directly above it, or by an exceptions-file entry. Suppressed
/// findings stay in the result (marked); an expired entry suppresses nothing and produces a notice, as does one
/// that matched no finding (a stale entry, or a path that is not relative to the exceptions file).
/// </summary>
public static class Suppressions
{
    public const string InlineMarker = "talguard:ignore";

    public static (IReadOnlyList<Finding> Findings, IReadOnlyList<string> Notices) Apply(
        IReadOnlyList<Finding> findings, IReadOnlyList<SourceFile> files, IReadOnlyList<ExceptionEntry> exceptions, DateTimeOffset now)
    {
        // Only files with findings need their comments indexed; large manifest trees are mostly clean.
        var withFindings = findings.Select(f => f.Location.File).ToHashSet(StringComparer.Ordinal);
        var commentsByFile = files.Where(f => withFindings.Contains(f.DisplayPath))
            .DistinctBy(f => f.DisplayPath).ToDictionary(f => f.DisplayPath, IndexComments, StringComparer.Ordinal);
        var live = exceptions.Where(e => !e.IsExpired(now)).ToList();
        var fullPaths = files.Where(f => f.FullPath is not null).DistinctBy(f => f.DisplayPath)
            .ToDictionary(f => f.DisplayPath, f => f.FullPath, StringComparer.Ordinal);
        var used = new HashSet<ExceptionEntry>();
        var marked = new List<Finding>(findings.Count);
        foreach (var finding in findings)
        {
            var suppression = commentsByFile.TryGetValue(finding.Location.File, out var comments) ? InlineSuppression(finding, comments) : null;

            // An entry that matches a finding is in use even when an inline comment already suppresses it.
            var fullPath = fullPaths.GetValueOrDefault(finding.Location.File);
            if (live.FirstOrDefault(e => e.Matches(finding, fullPath)) is { } entry)
            {
                used.Add(entry);
                suppression ??= new Suppression(SuppressionKind.External, entry.Reason, entry.Owner);
            }

            marked.Add(suppression is null ? finding : finding with { Suppression = suppression });
        }

        var notices = new List<string>();
        foreach (var entry in exceptions)
        {
            var where = $"{entry.File}:{entry.Line}";
            if (entry.IsExpired(now))
            {
                var owner = entry.Owner is null ? string.Empty : $" (owner {DisplayText.Value(entry.Owner)})";
                notices.Add($"{where}: exception for {entry.RuleId} on '{DisplayText.Value(entry.PathGlob)}'{owner} expired on " +
                    $"{entry.Expires!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}; its findings count again");
            }
            else if (!used.Contains(entry) && RuleCatalog.Find(entry.RuleId) is null)
            {
                notices.Add($"{where}: exception names {entry.RuleId}, which is not a Talguard rule");
            }
            else if (!used.Contains(entry))
            {
                notices.Add($"{where}: exception for {entry.RuleId} on '{DisplayText.Value(entry.PathGlob)}' matched no finding" +
                    (entry.BaseDirectory is null ? string.Empty : " (its path is relative to the exceptions file's directory)"));
            }
        }

        return (marked, notices);
    }

    /// <summary>
    /// Whether a <c>talguard:ignore</c> comment anywhere in <paramref name="file"/> names <paramref name="ruleId"/>;
    /// when none does, whether a finding of that rule there is suppressed depends on the rule and file alone.
    /// </summary>
    public static bool NamedInComments(SourceFile file, string ruleId) =>
        Ignores(file.Documents.SelectMany(d => d.Comments), ruleId) is not null;

    /// <summary>The <c>talguard:ignore</c> comments of a file by line, with whether each stands alone on its line.</summary>
    private static Dictionary<int, List<YamlComment>> IndexComments(SourceFile file)
    {
        var byLine = new Dictionary<int, List<YamlComment>>();
        foreach (var comment in file.Documents.SelectMany(d => d.Comments))
        {
            if (!byLine.TryGetValue(comment.Line, out var list))
            {
                list = [];
                byLine[comment.Line] = list;
            }

            list.Add(comment);
        }

        return byLine;
    }

    private static Suppression? InlineSuppression(Finding finding, Dictionary<int, List<YamlComment>> comments)
    {
        var line = finding.Location.Line;
        if (comments.TryGetValue(line, out var onLine) && Ignores(onLine.Where(c => c.IsInline), finding.RuleId) is { } inline)
        {
            return inline;
        }

        // A block of whole-line comments directly above the finding's line may hold the ignore.
        for (var above = line - 1; comments.TryGetValue(above, out var standing) && standing.Any(c => !c.IsInline); above--)
        {
            if (Ignores(standing.Where(c => !c.IsInline), finding.RuleId) is { } suppression)
            {
                return suppression;
            }
        }

        return null;
    }

    private static Suppression? Ignores(IEnumerable<YamlComment> comments, string ruleId)
    {
        foreach (var comment in comments)
        {
            var text = comment.Text.Trim().TrimStart('#').TrimStart();
            if (!text.StartsWith(InlineMarker, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = text[InlineMarker.Length..].Trim();
            var split = rest.IndexOfAny([' ', '\t']);
            var ids = split < 0 ? rest : rest[..split];
            var reason = split < 0 ? string.Empty : rest[split..].Trim();
            if (ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Any(id => string.Equals(id, ruleId, StringComparison.OrdinalIgnoreCase)))
            {
                return new Suppression(SuppressionKind.InSource, reason.Length > 0 ? reason : "inline talguard:ignore (no reason given)");
            }
        }

        return null;
    }
}
