using Talguard.Model.Talos.Patching;

namespace Talguard.Hardening;

/// <summary>Small builders for the Kubernetes objects the manifest generators write as typed trees.</summary>
internal static class KubernetesObjects
{
    /// <summary>An object with <c>apiVersion</c>, <c>kind</c> and <c>metadata</c> (name, then namespace when given, then labels when given).</summary>
    public static ConfigMapping Object(string apiVersion, string kind, string name, string? @namespace = null, ConfigMapping? labels = null)
    {
        var metadata = ConfigMapping.Of(("name", Text(name)));
        if (@namespace is not null)
        {
            metadata["namespace"] = Text(@namespace);
        }

        if (labels is not null)
        {
            metadata["labels"] = labels;
        }

        return ConfigMapping.Of(("apiVersion", Text(apiVersion)), ("kind", Text(kind)), ("metadata", metadata));
    }

    /// <summary>A shallow copy of <paramref name="node"/> with <paramref name="comment"/> written on the lines before it.</summary>
    public static T Commented<T>(string comment, T node)
        where T : ConfigNode => (T)(ConfigNode)(node switch
        {
            ConfigMapping mapping => Copy(mapping, comment),
            ConfigSequence sequence => new ConfigSequence(sequence.Items) { Comment = comment },
            ConfigScalar scalar => new ConfigScalar(scalar.Kind, scalar.Text) { Comment = comment, PreferQuoted = scalar.PreferQuoted, PreferLiteral = scalar.PreferLiteral },
            _ => throw new ArgumentException("only mappings, sequences and scalars take a comment", nameof(node)),
        });

    public static ConfigScalar Text(string text) => ConfigScalar.String(text);

    public static ConfigSequence List(params IEnumerable<ConfigNode> items) => new(items);

    public static ConfigSequence Texts(params IEnumerable<string> items) => new(items.Select(Text));

    private static ConfigMapping Copy(ConfigMapping mapping, string comment)
    {
        var copy = new ConfigMapping { Comment = comment };
        foreach (var (key, value) in mapping.Entries)
        {
            copy[key] = value;
        }

        return copy;
    }

    /// <summary>A mapping of string values, e.g. labels or a label selector's <c>matchLabels</c>.</summary>
    public static ConfigMapping Labels(params ReadOnlySpan<(string Key, string Value)> labels)
    {
        var mapping = new ConfigMapping();
        foreach (var (key, value) in labels)
        {
            mapping[key] = Text(value);
        }

        return mapping;
    }
}
