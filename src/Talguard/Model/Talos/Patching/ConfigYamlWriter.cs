using System.Globalization;
using System.Text;

namespace Talguard.Model.Talos.Patching;

/// <summary>
/// Writes config documents as block YAML: two-space indent, keys in their order, list items indented under their key,
/// documents separated by <c>---</c>. A string is written plain only when it reads back as the same string (not as a
/// null, boolean or number, and free of YAML indicators); otherwise double-quoted. Same tree, same bytes. A patch's
/// <see cref="DeleteMarker"/>s are written as <c>$patch: delete</c>, and a node's <see cref="ConfigNode.Comment"/> on the
/// lines before it.
/// </summary>
internal static class ConfigYamlWriter
{
    private const string DeleteDirective = "$patch: delete\n";

    public static string Write(IReadOnlyList<ConfigMapping> documents)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < documents.Count; i++)
        {
            if (i > 0)
            {
                builder.Append("---\n");
            }

            WriteComment(builder, documents[i], 0);
            WriteMapping(builder, documents[i], 0, firstLineWritten: false);
        }

        return builder.ToString();
    }

    /// <summary>One document whose root is a list (Prometheus's additional scrape configs, for example).</summary>
    public static string Write(ConfigSequence document)
    {
        var builder = new StringBuilder();
        WriteComment(builder, document, 0);
        WriteSequence(builder, document, 0);
        return builder.ToString();
    }

    /// <summary>A patch as <c>talosctl --config-patch</c> reads it: strategic-merge documents, or the list of JSON 6902 operations.</summary>
    public static string Write(TalosConfigPatch patch)
    {
        var builder = new StringBuilder();
        if (patch.IsJsonPatch)
        {
            WriteSequence(builder, new ConfigSequence(patch.Operations.Select(Operation)), 0);
            return builder.ToString();
        }

        for (var i = 0; i < patch.Documents.Count; i++)
        {
            if (i > 0)
            {
                builder.Append("---\n");
            }

            var document = patch.Documents[i];
            WriteComment(builder, document.Content, 0);
            if (document.Content.Entries.Count > 0 || !document.DeletesDocument)
            {
                WriteMapping(builder, document.Content, 0, firstLineWritten: false);
            }

            if (document.DeletesDocument)
            {
                builder.Append(DeleteDirective);
            }
        }

        return builder.ToString();
    }

    private static ConfigMapping Operation(JsonPatchOperation operation)
    {
        var mapping = ConfigMapping.Of(
            ("op", ConfigScalar.String(operation.Operation.ToString().ToLowerInvariant())),
            ("path", ConfigScalar.String(operation.Path)));
        if (operation.Value is { } value)
        {
            mapping["value"] = value;
        }

        return mapping;
    }

    private static void WriteComment(StringBuilder builder, ConfigNode node, int indent)
    {
        foreach (var line in node.Comment?.Split('\n') ?? [])
        {
            builder.Append(' ', indent).Append("# ").Append(line).Append('\n');
        }
    }

    /// <summary>A mapping at <paramref name="indent"/>; with <paramref name="firstLineWritten"/> its first key follows a <c>- </c> already written.</summary>
    private static void WriteMapping(StringBuilder builder, ConfigMapping mapping, int indent, bool firstLineWritten)
    {
        if (mapping.Entries.Count == 0)
        {
            builder.Append(firstLineWritten ? "{}\n" : new string(' ', indent) + "{}\n");
            return;
        }

        var first = true;
        foreach (var (key, value) in mapping.Entries)
        {
            if (value.Comment is not null)
            {
                if (first && firstLineWritten)
                {
                    builder.Append('\n');
                }

                WriteComment(builder, value, indent);
                builder.Append(' ', indent);
            }
            else if (!(first && firstLineWritten))
            {
                builder.Append(' ', indent);
            }

            first = false;
            builder.Append(Scalar(key)).Append(':');
            WriteValue(builder, value, indent + 2);
        }
    }

    /// <summary>A value after <c>key:</c> or <c>-</c>: scalars and empty collections on the same line, others below.</summary>
    private static void WriteValue(StringBuilder builder, ConfigNode value, int indent)
    {
        switch (value)
        {
            case ConfigMapping { Entries.Count: 0 }:
                builder.Append(" {}\n");
                break;
            case ConfigMapping mapping:
                builder.Append('\n');
                WriteMapping(builder, mapping, indent, firstLineWritten: false);
                break;
            case ConfigSequence { Items.Count: 0 }:
                builder.Append(" []\n");
                break;
            case ConfigSequence sequence:
                builder.Append('\n');
                WriteSequence(builder, sequence, indent);
                break;
            case ConfigScalar { PreferLiteral: true } scalar when CanWriteLiteral(scalar.Text):
                WriteLiteral(builder, scalar.Text, indent);
                break;
            case ConfigScalar scalar:
                builder.Append(' ').Append(Scalar(scalar)).Append('\n');
                break;
            default:
                builder.Append('\n').Append(' ', indent).Append(DeleteDirective);
                break;
        }
    }

    private static void WriteSequence(StringBuilder builder, ConfigSequence sequence, int indent)
    {
        foreach (var item in sequence.Items)
        {
            WriteComment(builder, item, indent);
            builder.Append(' ', indent).Append('-');
            if (item is DeleteMarker { ItemKey: { } itemKey } marker)
            {
                builder.Append(' ').Append(Scalar(itemKey)).Append(": ").Append(Scalar(marker.ItemValue ?? string.Empty)).Append('\n')
                    .Append(' ', indent + 2).Append(DeleteDirective);
            }
            else if (item is ConfigMapping { Entries.Count: > 0 } mapping)
            {
                builder.Append(' ');
                WriteMapping(builder, mapping, indent + 2, firstLineWritten: true);
            }
            else
            {
                WriteValue(builder, item, indent + 2);
            }
        }
    }

    /// <summary>
    /// True when a <c>|</c> block reads back as exactly <paramref name="text"/> with the content indented by the writer:
    /// it spans lines, starts with neither a space nor a line break (either would need an indentation indicator), and has
    /// no character a block scalar cannot hold.
    /// </summary>
    private static bool CanWriteLiteral(string text) =>
        text.Contains('\n', StringComparison.Ordinal) && text[0] is not (' ' or '\n') &&
        !text.Any(c => (char.IsControl(c) && c is not ('\n' or '\t')) || c is '\u2028' or '\u2029' or '\uFEFF' or '\u0085');

    /// <summary>A block literal: clip (<c>|</c>) for one final line break, strip (<c>|-</c>) for none, keep (<c>|+</c>) for more.</summary>
    private static void WriteLiteral(StringBuilder builder, string text, int indent)
    {
        var body = text.TrimEnd('\n');
        var finalBreaks = text.Length - body.Length;
        builder.Append(finalBreaks switch { 0 => " |-\n", 1 => " |\n", _ => " |+\n" });
        foreach (var line in body.Split('\n'))
        {
            if (line.Length > 0)
            {
                builder.Append(' ', indent).Append(line);
            }

            builder.Append('\n');
        }

        builder.Append('\n', Math.Max(0, finalBreaks - 1));
    }

    private static string Scalar(ConfigScalar scalar) => scalar.Kind switch
    {
        ScalarKind.String => scalar.PreferQuoted ? Quote(scalar.Text) : Scalar(scalar.Text),
        ScalarKind.Null => "null",
        _ => scalar.Text,
    };

    /// <summary>A string plain when YAML reads the text back as this string, else double-quoted.</summary>
    internal static string Scalar(string text)
    {
        var plain = text.Length > 0 &&
            (char.IsAsciiLetterOrDigit(text[0]) || text[0] is '/' or '_') &&
            text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ',' or '+') &&
            ConfigScalar.PlainKind(text) == ScalarKind.String &&
            text is not ("y" or "Y" or "n" or "N");
        return plain ? text : Quote(text);
    }

    /// <summary>A double-quoted YAML string; control characters and Unicode line separators are escaped so the string stays on one line.</summary>
    internal static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\n' => builder.Append("\\n"),
                '\t' => builder.Append("\\t"),
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF' =>
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }
}
