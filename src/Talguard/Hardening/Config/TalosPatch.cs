using System.Text;
using Talguard.Model;

namespace Talguard.Hardening.Config;

/// <summary>
/// Builds Talos strategic-merge patches (the form <c>talosctl machineconfig patch</c> and
/// <c>gen config --config-patch</c> accept for multi-document configs too) that address one node.
/// </summary>
public static class TalosPatch
{
    /// <summary>A patch deleting <paramref name="value"/>'s key (<c>$patch: delete</c>); null when the path crosses a list.</summary>
    public static string? Delete(LocatedDocument document, YamlNode value) => Set(document, value, null);

    /// <summary>
    /// A patch setting the scalar at <paramref name="value"/> to <paramref name="scalar"/> (or deleting it when
    /// null); null when the path crosses a list, where strategic merge cannot address one item.
    /// </summary>
    public static string? Set(LocatedDocument document, YamlNode value, string? scalar)
    {
        var keys = new List<string>();
        for (var node = value; node.Parent is not null; node = node.Parent)
        {
            if (node.KeyInParent is not { } key)
            {
                return null;
            }

            keys.Add(key);
        }

        keys.Reverse();
        var builder = new StringBuilder(Header(document));
        for (var i = 0; i < keys.Count; i++)
        {
            builder.Append(' ', 2 * i).Append(Quote(keys[i])).Append(':');
            builder.Append(i < keys.Count - 1 ? "\n" : scalar is null ? "\n" + new string(' ', 2 * (i + 1)) + "$patch: delete\n" : " " + Quote(scalar) + "\n");
        }

        return builder.ToString();
    }

    /// <summary>The lines that select <paramref name="document"/> in a patch: nothing for the main config, kind and name for multi-documents.</summary>
    public static string Header(LocatedDocument document)
    {
        if (document.Class != DocumentClass.TalosDocument)
        {
            return string.Empty;
        }

        var header = $"apiVersion: v1alpha1\nkind: {document.Kind}\n";
        return document.Root?["name"]?.AsString() is { } name ? header + $"name: {Quote(name)}\n" : header;
    }

    /// <summary>A YAML scalar, double-quoted unless it is a plain word that YAML reads back as the same string.</summary>
    public static string Quote(string text)
    {
        var plain = text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/') &&
            char.IsAsciiLetter(text[0]) && text is not ("true" or "false" or "yes" or "no" or "on" or "off" or "null" or "y" or "n");
        return plain ? text : "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }
}
