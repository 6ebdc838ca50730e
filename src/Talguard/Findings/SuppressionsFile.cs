using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Talguard.Model;
using Talguard.Reports;

namespace Talguard.Findings;

/// <summary>How a finding came to be suppressed; SARIF calls these <c>external</c> and <c>inSource</c>.</summary>
public enum SuppressionKind
{
    /// <summary>An entry of the exceptions file.</summary>
    External,

    /// <summary>A <c># talguard:ignore</c> comment in the scanned file.</summary>
    InSource,
}

/// <summary>Why a finding does not count: who accepted it and on what grounds (bounded like a finding's message).</summary>
public sealed record Suppression(SuppressionKind Kind, string Reason, string? Owner = null)
{
    public string Reason { get; init => field = DisplayText.Shorten(value, Finding.MaxMessageChars); } = DisplayText.Shorten(Reason, Finding.MaxMessageChars);

    public string? Owner { get; init => field = value is null ? null : DisplayText.Shorten(value, Finding.MaxNameChars); } =
        Owner is null ? null : DisplayText.Shorten(Owner, Finding.MaxNameChars);
}

/// <summary>
/// One entry of the exceptions file: findings of <see cref="RuleId"/> in files whose report path matches
/// <see cref="PathGlob"/> are accepted until <see cref="Expires"/> (inclusive, UTC).
/// </summary>
public sealed class ExceptionEntry
{
    private readonly PathGlob _glob;

    /// <summary>Whether the glob matches a file, per file: a file's findings are many, its path is one.</summary>
    private readonly ConcurrentDictionary<string, bool> _matchedFiles = new(StringComparer.Ordinal);

    public ExceptionEntry(string ruleId, string pathGlob, string reason, string? owner, DateOnly? expires, string file, int line)
    {
        RuleId = ruleId;
        PathGlob = pathGlob;
        Reason = reason;
        Owner = owner;
        Expires = expires;
        File = file;
        Line = line;
        _glob = new PathGlob(pathGlob);
    }

    public string RuleId { get; }

    /// <summary>Glob over the report path of a file (<c>/</c>-separated): <c>**</c> spans folders, <c>*</c> stays within one (see <see cref="Findings.PathGlob"/>).</summary>
    public string PathGlob { get; }

    public string Reason { get; }

    public string? Owner { get; }

    public DateOnly? Expires { get; }

    /// <summary>Where the entry is written, for notices about it.</summary>
    public string File { get; }

    public int Line { get; }

    /// <summary>
    /// The absolute directory of the exceptions file: <see cref="PathGlob"/> is matched against a finding's file
    /// relative to it, so one file means the same wherever talguard runs. Null (an entry parsed from text alone): the
    /// glob is matched against the report path.
    /// </summary>
    public string? BaseDirectory { get; init; }

    public bool IsExpired(DateTimeOffset now) => Expires is { } last && DateOnly.FromDateTime(now.UtcDateTime) > last;

    public bool Matches(Finding finding) => Matches(finding, fullPath: null);

    /// <param name="finding">The finding to match.</param>
    /// <param name="fullPath">The absolute path of the finding's file when known; else its report path is taken relative to the current directory.</param>
    public bool Matches(Finding finding, string? fullPath) =>
        string.Equals(finding.RuleId, RuleId, StringComparison.OrdinalIgnoreCase) &&
        _matchedFiles.GetOrAdd(finding.Location.File, static (file, state) => state.Entry._glob.IsMatch(state.Entry.RelativeToBase(file, state.FullPath)), (Entry: this, FullPath: fullPath));

    /// <summary>A file's path as seen from <see cref="BaseDirectory"/>; its report path when there is no base or no file on disk.</summary>
    private string RelativeToBase(string reportPath, string? fullPath) =>
        BaseDirectory is null || reportPath == InputLoader.StandardInputName
            ? reportPath
            : Path.GetRelativePath(BaseDirectory, fullPath ?? Path.GetFullPath(reportPath)).Replace('\\', '/');
}

/// <summary>
/// The exceptions file (<c>.talguard.yaml</c>): <c>exceptions:</c> followed by entries with <c>ruleId</c>,
/// <c>path</c>, <c>reason</c>, optional <c>owner</c> and <c>expires</c> (YYYY-MM-DD). Anything malformed
/// is an <see cref="InputException"/> naming the line, so a typo never silently suppresses nothing.
/// </summary>
public static class SuppressionsFile
{
    public const string DefaultFileName = ".talguard.yaml";

    /// <summary>An exceptions file is a short hand-written list; anything larger is not one.</summary>
    public const long MaxFileBytes = 1024 * 1024;

    private static readonly HashSet<string> EntryKeys = new(StringComparer.Ordinal) { "ruleId", "path", "reason", "owner", "expires" };

    private static readonly Regex RuleIdPattern = new("^TG-[A-Z0-9]+-[0-9]{3}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>
    /// The exceptions file used when none is named: <c>.talguard.yaml</c> in <paramref name="currentDirectory"/>,
    /// else in the first scanned directory that has one; null when there is none.
    /// </summary>
    public static string? FindDefault(string currentDirectory, IEnumerable<string> scannedPaths)
    {
        foreach (var directory in scannedPaths.Select(p => Path.GetFullPath(p, currentDirectory)).Prepend(currentDirectory))
        {
            var candidate = Path.Combine(directory, DefaultFileName);
            if (Directory.Exists(directory) && System.IO.File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static IReadOnlyList<ExceptionEntry> Load(string path, string? displayPath = null)
    {
        var display = displayPath ?? path;
        var text = InputLoader.Decode(display, BoundedFile.ReadAllBytes(display, path, MaxFileBytes, yaml: true));
        return Parse(display, text, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>Entries whose globs match report paths as written (no file to be relative to).</summary>
    public static IReadOnlyList<ExceptionEntry> Parse(string displayPath, string text) => Parse(displayPath, text, baseDirectory: null);

    private static IReadOnlyList<ExceptionEntry> Parse(string displayPath, string text, string? baseDirectory)
    {
        var documents = InputLoader.Parse(displayPath, null, text).Documents.Where(d => d.Class != DocumentClass.Empty).ToList();
        if (documents.Count != 1 || documents[0].Root is not { IsMapping: true } root)
        {
            throw new InputException(displayPath, 1, "an exceptions file is one YAML mapping with an 'exceptions' list");
        }

        foreach (var (key, _) in root.Entries)
        {
            if (key.Value != "exceptions")
            {
                throw new InputException(displayPath, key.Start.Line, $"unknown key '{key.Value}' (expected 'exceptions')");
            }
        }

        var list = root["exceptions"];
        if (list is null || list.IsNull)
        {
            return [];
        }

        if (!list.IsSequence)
        {
            throw new InputException(displayPath, list.Start.Line, "'exceptions' must be a list of entries");
        }

        return [.. list.Items.Select(item => ParseEntry(displayPath, item, baseDirectory))];
    }

    private static ExceptionEntry ParseEntry(string file, YamlNode item, string? baseDirectory)
    {
        if (!item.IsMapping)
        {
            throw new InputException(file, item.Start.Line, "an exception entry must be a mapping with ruleId, path, reason, owner, expires");
        }

        foreach (var (key, _) in item.Entries)
        {
            if (!EntryKeys.Contains(key.Value))
            {
                throw new InputException(file, key.Start.Line, $"unknown key '{key.Value}' in exception entry (expected ruleId, path, reason, owner, expires)");
            }
        }

        var ruleId = Required(file, item, "ruleId");
        if (!RuleIdPattern.IsMatch(ruleId))
        {
            throw new InputException(file, item["ruleId"]!.Start.Line, $"ruleId '{ruleId}' is not a rule ID like TG-NET-001");
        }

        var path = Required(file, item, "path");
        if (path.Length > PathGlob.MaxLength)
        {
            throw new InputException(file, item["path"]!.Start.Line, $"path is longer than {PathGlob.MaxLength} characters, longer than any path a scan reports");
        }

        var reason = Required(file, item, "reason");
        var owner = Optional(file, item, "owner");
        DateOnly? expires = null;
        if (Optional(file, item, "expires") is { } date)
        {
            expires = DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                ? parsed
                : throw new InputException(file, item["expires"]!.Start.Line, $"expires '{date}' is not a date like 2026-12-31");
        }

        return new ExceptionEntry(ruleId, path, reason, owner, expires, file, item.Start.Line) { BaseDirectory = baseDirectory };
    }

    private static string Required(string file, YamlNode entry, string key) =>
        Optional(file, entry, key) ?? throw new InputException(file, entry.Start.Line, $"exception entry has no '{key}'");

    private static string? Optional(string file, YamlNode entry, string key)
    {
        var node = entry[key];
        if (node is null || node.IsNull)
        {
            return null;
        }

        var value = node.AsString();
        if (value is null || value.Trim().Length == 0)
        {
            throw new InputException(file, node.Start.Line, $"'{key}' must be a non-empty text value");
        }

        return value.Trim();
    }
}
