using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Talguard.Evidence.Collection;

/// <summary>
/// Redacts the secrets of a machine config's YAML text (every document of it) by replacing each secret scalar where
/// it stands, so the rest of the text, its layout and its line numbers stay exactly as the node returned them.
/// Secrets are values under the keys of <see cref="EvidenceRedaction.SecretKeys"/>, any private key material, and
/// the data of Kubernetes Secrets, also inside <c>inlineManifests</c>. The result is parsed again and checked; when
/// that check fails, or the text is no YAML at all, <see cref="Redact"/> returns null and the caller withholds the
/// whole text rather than risk a secret.
/// </summary>
internal static class MachineConfigRedactor
{
    private const string ManifestContentsKey = "contents";

    private static readonly JsonWriterOptions QuotedText = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The redacted text (the same instance when nothing was secret), or null when it cannot be vouched for.</summary>
    public static string? Redact(string yaml)
    {
        var replacements = Replacements(yaml);
        if (replacements is null)
        {
            return null;
        }

        if (replacements.Count == 0)
        {
            return yaml;
        }

        var text = new StringBuilder(yaml);
        foreach (var replacement in replacements.OrderByDescending(r => r.Start))
        {
            text.Remove(replacement.Start, replacement.Length).Insert(replacement.Start, replacement.Text);
        }

        var redacted = text.ToString();
        return Replacements(redacted) is { Count: 0 } ? redacted : null;
    }

    private sealed record Replacement(int Start, int Length, string Text, int Document, bool OnlyInSecrets);

    /// <summary>The edits that hide every secret of <paramref name="yaml"/>; null when it cannot be parsed or holds an alias where a secret goes.</summary>
    private static List<Replacement>? Replacements(string yaml)
    {
        var found = new List<Replacement>();
        var secretDocuments = new HashSet<int>();
        var path = new Stack<Frame>();
        var document = -1;
        try
        {
            var parser = new Parser(new StringReader(yaml));
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case DocumentStart:
                        document++;
                        path.Clear();
                        break;
                    case Scalar scalar when path.TryPeek(out var frame) && frame.ExpectsKey:
                        frame.Key = scalar.Value;
                        frame.ExpectsKey = false;
                        break;
                    case Scalar scalar:
                        var key = path.TryPeek(out var parent) ? parent.ChildName : string.Empty;
                        if (path.Count == 1 && key == "kind" && scalar.Value == "Secret")
                        {
                            secretDocuments.Add(document);
                        }

                        if (Edit(scalar, key, path, yaml, document) is { } edit)
                        {
                            found.Add(edit);
                        }

                        parent?.ValueDone();
                        break;
                    case AnchorAlias when path.TryPeek(out var frame) && !frame.ExpectsKey:
                        if (EvidenceRedaction.SecretKeys.Contains(frame.ChildName))
                        {
                            return null;
                        }

                        frame.ValueDone();
                        break;
                    case AnchorAlias:
                        return null;
                    case MappingStart or SequenceStart:
                        var name = path.TryPeek(out var outer) ? outer.ChildName : string.Empty;
                        path.Push(new Frame(parser.Current is MappingStart, name));
                        break;
                    case MappingEnd or SequenceEnd:
                        path.Pop();
                        if (path.TryPeek(out var closed))
                        {
                            closed.ValueDone();
                        }

                        break;
                }
            }
        }
        catch (YamlException)
        {
            return null;
        }

        return [.. found.Where(r => !r.OnlyInSecrets || secretDocuments.Contains(r.Document))];
    }

    /// <summary>The edit for one value scalar, or null when it is no secret (or already redacted).</summary>
    private static Replacement? Edit(Scalar scalar, string key, Stack<Frame> path, string yaml, int document)
    {
        var value = scalar.Value;
        var isNull = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && value is "~" or "null" or "Null" or "NULL";
        if (value.Length == 0 || isNull || value == EvidenceRedaction.Marker)
        {
            return null;
        }

        var start = (int)scalar.Start.Index;
        var length = (int)(scalar.End.Index - scalar.Start.Index);
        if (start < 0 || start + length > yaml.Length)
        {
            throw new YamlException("scalar outside the text");
        }

        // A block scalar's span ends with the line breaks after it; they stay, so the next key keeps its place.
        var span = yaml.AsSpan(start, length);
        var hidden = span.TrimEnd(" \t\r\n").Length;

        // A value over several lines leaves as many blank lines behind, so every later line keeps its number.
        var padding = new string('\n', span[..hidden].Count('\n'));

        if (EvidenceRedaction.SecretKeys.Contains(key) || EvidenceRedaction.IsPrivateKeyMaterial(value))
        {
            return new Replacement(start, hidden, EvidenceRedaction.Marker + padding, document, OnlyInSecrets: false);
        }

        if (key == ManifestContentsKey && value.Contains("Secret", StringComparison.Ordinal))
        {
            // An inline manifest is YAML in a string: its Secrets are redacted in turn and the text re-quoted.
            var inner = Redact(value);
            return inner is null ? new Replacement(start, hidden, EvidenceRedaction.Marker + padding, document, OnlyInSecrets: false)
                : ReferenceEquals(inner, value) ? null
                : new Replacement(start, hidden, Quoted(inner) + padding, document, OnlyInSecrets: false);
        }

        var inSecretData = path.Count == 2 && path.Peek().Name is "data" or "stringData";
        return inSecretData ? new Replacement(start, hidden, EvidenceRedaction.Marker + padding, document, OnlyInSecrets: true) : null;
    }

    /// <summary>A JSON string literal, which YAML reads as a double-quoted scalar with the same escapes.</summary>
    private static string Quoted(string text)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, QuotedText))
        {
            writer.WriteStringValue(text);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>An open mapping or sequence and where its reading stands.</summary>
    private sealed class Frame(bool isMapping, string name)
    {
        public string Name { get; } = name;

        public bool IsMapping { get; } = isMapping;

        public bool ExpectsKey { get; set; } = isMapping;

        public string Key { get; set; } = string.Empty;

        /// <summary>The name a child value goes by: its key in a mapping, the sequence's own name for an item.</summary>
        public string ChildName => IsMapping ? Key : Name;

        public void ValueDone()
        {
            if (IsMapping)
            {
                ExpectsKey = !ExpectsKey;
            }
        }
    }
}
