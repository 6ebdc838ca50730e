using System.Text.RegularExpressions;
using Talguard.Evidence.Collection;
using Talguard.Findings;

namespace Talguard.Reports;

/// <summary>One line of a source excerpt: its 1-based number, its text (secrets redacted) and whether the finding points at it.</summary>
public sealed record ExcerptLine(int Number, string Text, bool Marked);

/// <summary>
/// The lines around a finding's place, for reports that show them (HTML). A file's text is redacted as a whole
/// before any line of it is shown (<see cref="MachineConfigRedactor"/>: secret keys, private key material, the data of
/// Kubernetes Secrets), which keeps every line at its number; a file that cannot be redacted with certainty (no YAML,
/// an alias where a secret goes) shows no excerpt at all rather than risk a secret. Files are read through
/// the reader given, once each. On top of that, a line whose key merely looks like a secret's in any spelling
/// (<c>bootstraptoken</c>, <c>client-key-data</c>, <c>apiKey</c>) or the value of an environment variable named
/// like one (<c>DB_PASSWORD</c>) shows its value as the redaction marker too.
/// </summary>
public sealed partial class SourceExcerpts
{
    /// <summary>Lines shown before and after the finding's line.</summary>
    public const int ContextLines = 3;

    /// <summary>Longest line shown; a longer one keeps its start and end around an ellipsis.</summary>
    public const int MaxLineChars = 200;

    /// <summary>A file larger than this shows no excerpt: redacting it would cost more than the excerpt is worth.</summary>
    public const long MaxFileChars = 4 * 1024 * 1024;

    private readonly Func<string, string?> _readSource;
    private readonly Dictionary<string, string[]?> _redactedLines = new(StringComparer.Ordinal);

    /// <param name="readSource">The text of a report's file by its display path, or null when it cannot be read (standard input, a binary file).</param>
    public SourceExcerpts(Func<string, string?> readSource) => _readSource = readSource;

    /// <summary>No file is ever read: reports show no excerpts.</summary>
    public static SourceExcerpts None { get; } = new(_ => null);

    /// <summary>Reads display paths as files relative to <paramref name="directory"/>; standard input, missing and oversized files give none.</summary>
    public static SourceExcerpts FromDirectory(string directory) => new(path =>
    {
        if (path == Model.InputLoader.StandardInputName)
        {
            return null;
        }

        var full = Path.Combine(directory, path);
        try
        {
            var info = new FileInfo(full);
            return info.Exists && info.Length <= MaxFileChars ? File.ReadAllText(full) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    });

    /// <summary>The redacted lines around <paramref name="location"/>; empty when there are none to show.</summary>
    public IReadOnlyList<ExcerptLine> Around(Location location)
    {
        if (location.Line <= 0 || Lines(location.File) is not { } lines || location.Line > lines.Length)
        {
            return [];
        }

        var first = Math.Max(1, location.Line - ContextLines);
        var last = Math.Min(lines.Length, location.Line + ContextLines);
        return [.. Enumerable.Range(first, last - first + 1)
            .Select(number => new ExcerptLine(number, DisplayText.Shorten(lines[number - 1], MaxLineChars), number == location.Line))];
    }

    private string[]? Lines(string file)
    {
        if (_redactedLines.TryGetValue(file, out var cached))
        {
            return cached;
        }

        var text = _readSource(file);
        var redacted = text is null || text.Length > MaxFileChars || text.Contains('\0', StringComparison.Ordinal) ? null : MachineConfigRedactor.Redact(text);
        // A final line break ends the last line; it starts no empty one.
        var lines = redacted?.TrimEnd('\n').Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
        if (lines is not null)
        {
            HideSecretLookingValues(lines);
        }

        _redactedLines[file] = lines;
        return lines;
    }

    /// <summary>
    /// Values under secret-looking keys, and the <c>value:</c> of a <c>name: DB_PASSWORD</c> pair (a container's
    /// environment), become the redaction marker.
    /// </summary>
    private static void HideSecretLookingValues(string[] lines)
    {
        var secretName = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (secretName && EnvironmentValueLine().Match(lines[i]) is { Success: true } value && !IsHarmless(value.Groups["value"].Value))
            {
                lines[i] = value.Groups["key"].Value + EvidenceRedaction.Marker;
                continue;
            }

            secretName = SecretNameLine().IsMatch(lines[i]);
            if (SecretLookingLine().Match(lines[i]) is { Success: true } match && !IsHarmless(match.Groups["value"].Value))
            {
                lines[i] = match.Groups["key"].Value + EvidenceRedaction.Marker;
            }
        }
    }

    private static bool IsHarmless(string value) =>
        value == EvidenceRedaction.Marker || value is "|" or ">" or "|-" or ">-" or "{}" or "[]" or "null" or "~" or "\"\"" or "true" or "false";

    /// <summary>A <c>key: value</c> line (or list item) whose key names a secret in any case or spelling.</summary>
    [GeneratedRegex(@"^(?<key>\s*(?:-\s+)?[""']?[A-Za-z0-9_.-]*(?:token|secret|key|passphrase|password|passwd|auth|credential)[A-Za-z0-9_.-]*[""']?\s*:\s+)(?<value>\S.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretLookingLine();

    /// <summary>A <c>name:</c> whose value names a secret (an environment variable such as <c>DB_PASSWORD</c>).</summary>
    [GeneratedRegex(@"^\s*(?:-\s+)?name\s*:\s+[""']?[A-Za-z0-9_.-]*(?:token|secret|key|passphrase|password|passwd|auth|credential)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretNameLine();

    /// <summary>The <c>value:</c> line after such a name.</summary>
    [GeneratedRegex(@"^(?<key>\s*value\s*:\s+)(?<value>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentValueLine();
}
