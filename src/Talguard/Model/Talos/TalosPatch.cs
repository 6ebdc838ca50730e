using System.Text;

namespace Talguard.Model.Talos;

/// <summary>
/// Builds small strategic-merge patches (as <c>talosctl --config-patch</c> takes them) that set one
/// scalar. Values are given as YAML text, so callers choose between <c>"false"</c> (a string flag)
/// and <c>false</c> (a boolean field).
/// </summary>
public static class TalosPatch
{
    /// <summary>A patch of the main document setting <paramref name="keys"/> to <paramref name="yamlValue"/>.</summary>
    public static string Set(string yamlValue, params ReadOnlySpan<string> keys)
    {
        var builder = new StringBuilder();
        AppendNested(builder, keys, yamlValue);
        return builder.ToString();
    }

    /// <summary>
    /// A patch setting the mapping entry <paramref name="node"/> (a value in a mapping) of
    /// <paramref name="document"/>; a multi-document gets its <c>apiVersion</c>/<c>kind</c>/<c>name</c>
    /// header so Talos knows which document to merge into. Null when the path crosses a list, where
    /// strategic merge cannot address one item.
    /// </summary>
    public static string? Set(LocatedDocument document, YamlNode node, string yamlValue) => Build(document, node, yamlValue);

    /// <summary>A patch deleting <paramref name="node"/>'s key (<c>$patch: delete</c>); null when the path crosses a list.</summary>
    public static string? Delete(LocatedDocument document, YamlNode node) => Build(document, node, null);

    /// <summary>The lines that select <paramref name="document"/> in a patch: nothing for the main config, kind and name for multi-documents.</summary>
    public static string Header(LocatedDocument document)
    {
        if (document.Class != DocumentClass.TalosDocument)
        {
            return string.Empty;
        }

        var header = $"apiVersion: {document.ApiVersion}\nkind: {document.Kind}\n";
        return document.Root?["name"]?.AsString() is { } name ? header + $"name: {Scalar(name)}\n" : header;
    }

    /// <summary>A YAML string scalar: plain when YAML reads the word back as the same string, else double-quoted.</summary>
    public static string Scalar(string text)
    {
        var plain = text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ',') &&
            (char.IsAsciiLetter(text[0]) || text[0] == '/') && text is not ("true" or "false" or "yes" or "no" or "on" or "off" or "null" or "y" or "n");
        return plain ? text : Quote(text);
    }

    /// <summary>A double-quoted YAML string.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\n' => builder.Append("\\n"),
                '\t' => builder.Append("\\t"),
                _ when char.IsControl(c) => builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }

    /// <summary>A mapping key as YAML text: plain when safe, else double-quoted.</summary>
    public static string Key(string key)
    {
        var plain = key.Length > 0 && (char.IsAsciiLetterOrDigit(key[0]) || key[0] == '_') &&
            key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/');
        return plain ? key : Quote(key);
    }

    private static string? Build(LocatedDocument document, YamlNode node, string? yamlValue)
    {
        var keys = new List<string>();
        for (var current = node; current.Parent is not null; current = current.Parent)
        {
            if (current.KeyInParent is not { } key)
            {
                return null;
            }

            keys.Add(key);
        }

        keys.Reverse();
        var builder = new StringBuilder(Header(document));
        if (yamlValue is null)
        {
            AppendNested(builder, [.. keys[..^1]], null);
            builder.Append(' ', 2 * (keys.Count - 1)).Append(Key(keys[^1])).Append(":\n")
                .Append(' ', 2 * keys.Count).Append("$patch: delete\n");
        }
        else
        {
            AppendNested(builder, [.. keys], yamlValue);
        }

        return builder.ToString();
    }

    /// <summary>Nested keys, each on its own line; the last one gets <paramref name="yamlValue"/> unless that is null.</summary>
    private static void AppendNested(StringBuilder builder, ReadOnlySpan<string> keys, string? yamlValue)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            builder.Append(' ', 2 * i).Append(Key(keys[i])).Append(':');
            builder.Append(i == keys.Length - 1 && yamlValue is not null ? " " + yamlValue : string.Empty).Append('\n');
        }
    }
}
