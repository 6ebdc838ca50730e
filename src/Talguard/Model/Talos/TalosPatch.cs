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
    /// header so Talos knows which document to merge into. Null when the path crosses a list.
    /// </summary>
    public static string? Set(LocatedDocument document, YamlNode node, string yamlValue)
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
        var builder = new StringBuilder();
        if (document.Class == DocumentClass.TalosDocument)
        {
            builder.Append("apiVersion: ").Append(document.ApiVersion).Append('\n');
            builder.Append("kind: ").Append(document.Kind).Append('\n');
            if (document.Root?["name"]?.AsString() is { } name)
            {
                builder.Append("name: ").Append(Quote(name)).Append('\n');
            }
        }

        AppendNested(builder, [.. keys], yamlValue);
        return builder.ToString();
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

    private static void AppendNested(StringBuilder builder, ReadOnlySpan<string> keys, string yamlValue)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            builder.Append(' ', 2 * i).Append(Key(keys[i])).Append(':');
            builder.Append(i == keys.Length - 1 ? " " + yamlValue : string.Empty).Append('\n');
        }
    }
}
