using Talguard.Model.Talos.Patching;

namespace Talguard.Model.Talos;

/// <summary>
/// Builds the typed fixes rules attach to findings: small <see cref="TalosConfigPatch"/>es (as
/// <c>talosctl --config-patch</c> takes them) that set or delete one field of the document a finding is in. Values are
/// typed (<see langword="bool"/>, <see langword="long"/>, a tree), or YAML text read into the typed model, so
/// <c>"false"</c> (a string flag) and <c>false</c> (a boolean field) stay apart. <see cref="TalosConfigPatch.ToYaml"/>
/// renders them.
/// </summary>
public static class TalosPatch
{
    /// <summary>A patch of the main document setting <paramref name="keys"/> to the YAML scalar <paramref name="yamlValue"/>.</summary>
    public static TalosConfigPatch Set(string yamlValue, params ReadOnlySpan<string> keys) => Set(Value(yamlValue), keys);

    /// <summary>A patch of the main document setting <paramref name="keys"/> to a list of strings.</summary>
    public static TalosConfigPatch Set(IReadOnlyList<string> items, params ReadOnlySpan<string> keys) =>
        Set(new ConfigSequence(items.Select(ConfigScalar.String)), keys);

    /// <summary>A patch of the main document setting <paramref name="keys"/> to <paramref name="value"/>.</summary>
    internal static TalosConfigPatch Set(ConfigNode value, params ReadOnlySpan<string> keys) =>
        Of(new TalosPatchDocument(TalosDocumentSelector.Main, Nested(new ConfigMapping(), keys, value)));

    /// <summary>
    /// A patch setting the mapping entry <paramref name="node"/> of <paramref name="document"/> to the YAML scalar
    /// <paramref name="yamlValue"/>; a multi-document gets its <c>apiVersion</c>/<c>kind</c>/<c>name</c> so Talos knows
    /// which document to merge into. Null when the path crosses a list, where strategic merge cannot address one item.
    /// </summary>
    public static TalosConfigPatch? Set(LocatedDocument document, YamlNode node, string yamlValue) => Build(document, node, Value(yamlValue));

    /// <summary>A patch setting the mapping entry <paramref name="node"/> to a boolean; null when the path crosses a list.</summary>
    public static TalosConfigPatch? Set(LocatedDocument document, YamlNode node, bool value) => Build(document, node, ConfigScalar.Of(value));

    /// <summary>A patch setting the mapping entry <paramref name="node"/> to an integer; null when the path crosses a list.</summary>
    public static TalosConfigPatch? Set(LocatedDocument document, YamlNode node, long value) => Build(document, node, ConfigScalar.Of(value));

    /// <summary>A patch of <paramref name="document"/> (its header included) setting <paramref name="keys"/> below its root to the YAML scalar <paramref name="yamlValue"/>.</summary>
    public static TalosConfigPatch Set(LocatedDocument document, string yamlValue, params ReadOnlySpan<string> keys) =>
        Of(new TalosPatchDocument(Target(document), Nested(Header(document), keys, Value(yamlValue))));

    /// <summary>
    /// A patch setting <paramref name="keys"/> below the list item <paramref name="item"/> of <paramref name="document"/>, for
    /// a list Talos merges by <paramref name="itemKey"/> (e.g. <c>admissionControl</c> by <c>name</c>): the patch's item
    /// names the same <paramref name="itemKey"/>. Null when the list itself is not reached by keys alone.
    /// </summary>
    public static TalosConfigPatch? SetInItem(LocatedDocument document, YamlNode item, string itemKey, string yamlValue, params ReadOnlySpan<string> keys)
    {
        if (item.Parent is not { IsSequence: true } list || item[itemKey] is not { IsScalar: true } selector)
        {
            return null;
        }

        var patchItem = ConfigMapping.Of((itemKey, ConfigScalar.FromYamlScalar(selector)));
        Nested(patchItem, keys, Value(yamlValue));
        return Build(document, list, new ConfigSequence([patchItem]));
    }

    /// <summary>A patch of <paramref name="document"/> (its header included) setting <paramref name="keys"/> below its root to <paramref name="value"/>.</summary>
    internal static TalosConfigPatch Set(LocatedDocument document, ConfigNode value, params ReadOnlySpan<string> keys) =>
        Of(new TalosPatchDocument(Target(document), Nested(Header(document), keys, value)));

    /// <summary>A patch deleting <paramref name="node"/>'s key (<c>$patch: delete</c>); null when the path crosses a list.</summary>
    public static TalosConfigPatch? Delete(LocatedDocument document, YamlNode node) => Build(document, node, new DeleteMarker());

    /// <summary>A JSON 6902 patch removing what <paramref name="pointer"/> (RFC 6901) names in the main document, e.g. one list item.</summary>
    public static TalosConfigPatch Remove(string pointer) =>
        TalosConfigPatch.Json6902(TalosConfigPatch.BuiltName, new JsonPatchOperation(JsonPatchOperationKind.Remove, pointer, null));

    /// <summary>A patch written out as YAML (a fixed remediation kept readable in the rule), read into the typed model.</summary>
    public static TalosConfigPatch Parse(string yaml) => TalosPatchReader.Read(TalosConfigPatch.BuiltName, yaml);

    /// <summary>Several patch documents as one patch (documents of one target merge into the first).</summary>
    internal static TalosConfigPatch Of(params IReadOnlyList<TalosPatchDocument> documents) =>
        TalosConfigPatch.StrategicMerge(TalosConfigPatch.BuiltName, documents);

    /// <summary>A YAML string scalar as the writer spells it: plain when YAML reads the text back as the same string, else double-quoted.</summary>
    public static string Scalar(string text) => ConfigYamlWriter.Scalar(text);

    /// <summary>A double-quoted YAML string.</summary>
    public static string Quote(string value) => ConfigYamlWriter.Quote(value);

    /// <summary>The document a patch of <paramref name="document"/> targets: the main config, or its kind and name.</summary>
    internal static TalosDocumentSelector Target(LocatedDocument document) =>
        document.Class == DocumentClass.TalosDocument
            ? new TalosDocumentSelector(document.ApiVersion, document.Kind, document.Root?["name"]?.AsString())
            : TalosDocumentSelector.Main;

    /// <summary>The keys that select <paramref name="document"/> in a patch: none for the main config, apiVersion, kind and name for multi-documents.</summary>
    internal static ConfigMapping Header(LocatedDocument document)
    {
        var header = new ConfigMapping();
        if (document.Class == DocumentClass.TalosDocument)
        {
            header["apiVersion"] = ConfigScalar.String(document.ApiVersion);
            header["kind"] = ConfigScalar.String(document.Kind);
            if (document.Root?["name"]?.AsString() is { } name)
            {
                header["name"] = ConfigScalar.String(name);
            }
        }

        return header;
    }

    private static TalosConfigPatch? Build(LocatedDocument document, YamlNode node, ConfigNode value)
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
        return Of(new TalosPatchDocument(Target(document), Nested(Header(document), [.. keys], value)));
    }

    /// <summary><paramref name="root"/> with <paramref name="keys"/> nested below it, the last one holding <paramref name="value"/>.</summary>
    private static ConfigMapping Nested(ConfigMapping root, ReadOnlySpan<string> keys, ConfigNode value)
    {
        var parent = root;
        for (var i = 0; i < keys.Length - 1; i++)
        {
            var child = new ConfigMapping();
            parent[keys[i]] = child;
            parent = child;
        }

        parent[keys[^1]] = value;
        return root;
    }

    /// <summary>A YAML scalar's text read as the loader types it (<c>true</c> a boolean, <c>"0"</c> a string that stays quoted).</summary>
    internal static ConfigNode Value(string yamlValue) =>
        IsSimplePlain(yamlValue) ? ConfigScalar.Plain(yamlValue)
        : IsSimpleQuoted(yamlValue) ? ConfigScalar.Quoted(yamlValue[1..^1])
        : YamlStreamReader.Read(TalosConfigPatch.BuiltName, new StringReader(yamlValue)).FirstOrDefault()?.Root switch
        {
            null => new ConfigScalar(Patching.ScalarKind.Null, "null"),
            { IsScalar: true, IsPlain: false } quoted => ConfigScalar.Quoted(quoted.Value),
            var root => ConfigNode.FromYaml(root),
        };

    // Most fix values are one word ("false", "VersionTLS13", "0") or a quoted word: those need no YAML parser.
    private static bool IsSimplePlain(string text) =>
        text.Length > 0 && (char.IsAsciiLetterOrDigit(text[0]) || text[0] == '/')
        && text.AsSpan().IndexOfAnyExcept(SimplePlainCharacters) < 0;

    private static bool IsSimpleQuoted(string text) =>
        text.Length >= 2 && text[0] == '"' && text[^1] == '"' && text.AsSpan(1, text.Length - 2).IndexOfAnyExcept(SimplePlainCharacters) < 0;

    private static readonly System.Buffers.SearchValues<char> SimplePlainCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=,");
}
