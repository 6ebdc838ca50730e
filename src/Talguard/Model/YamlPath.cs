using System.Globalization;
using System.Text;

namespace Talguard.Model;

/// <summary>Builds the dotted YAML paths of findings-json.md.</summary>
public static class YamlPath
{
    public static string Child(string parent, string key)
    {
        var builder = new StringBuilder(parent);
        AppendKey(builder, key);
        return builder.ToString();
    }

    public static string Item(string parent, int index)
    {
        var builder = new StringBuilder(parent);
        AppendIndex(builder, index);
        return builder.ToString();
    }

    /// <summary>Joins plain key segments: <c>Join("machine", "install")</c> = <c>machine.install</c>.</summary>
    public static string Join(params ReadOnlySpan<string> keys)
    {
        var builder = new StringBuilder();
        foreach (var key in keys)
        {
            AppendKey(builder, key);
        }

        return builder.ToString();
    }

    internal static void AppendKey(StringBuilder builder, string key)
    {
        if (key.AsSpan().IndexOfAny(".[]") >= 0)
        {
            builder.Append("[\"").Append(key.Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"]");
            return;
        }

        if (builder.Length > 0)
        {
            builder.Append('.');
        }

        builder.Append(key);
    }

    internal static void AppendIndex(StringBuilder builder, int index) =>
        builder.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
}
