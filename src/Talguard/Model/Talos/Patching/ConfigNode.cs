using System.Text.RegularExpressions;

namespace Talguard.Model.Talos.Patching;

/// <summary>How a scalar reads back: the kind is explicit so <c>"false"</c> (a string) and <c>false</c> (a boolean) never mix.</summary>
internal enum ScalarKind
{
    String,
    Bool,
    Int,
    Float,
    Null,
}

/// <summary>
/// One node of a Talos document or patch as the merge sees it: a mapping, a sequence, a scalar, or a
/// <c>$patch: delete</c> marker. <see cref="Line"/> is where the node was read (0 when built in code), so a
/// patch that cannot apply is reported at its line.
/// </summary>
internal abstract class ConfigNode
{
    public int Line { get; init; }

    /// <summary>Where the node was read (file, document, node and key positions); null when built in code. A merged tree keeps it, so findings point at the line that set a value.</summary>
    public NodeOrigin? Origin { get; init; }

    /// <summary>A comment written on its own line(s) before the node's key or item (a hint in a generated patch), without the <c>#</c>.</summary>
    public string? Comment { get; init; }

    /// <summary>A deep copy: merged results never share nodes with the base or the patch.</summary>
    public abstract ConfigNode Clone();

    /// <summary>The node as the project's YAML loader produced it; aliases are copied, merge keys are already resolved.</summary>
    /// <param name="source">The file and document the node was read from, kept as each node's <see cref="Origin"/>; null leaves origins unset.</param>
    public static ConfigNode FromYaml(YamlNode node, DocumentSource? source = null) => node.Type switch
    {
        YamlNodeType.Mapping => ConfigMapping.FromYamlMapping(node, source),
        YamlNodeType.Sequence => new ConfigSequence(node.Items.Select(i => FromYaml(i, source))) { Line = node.Start.Line, Origin = NodeOrigin.Of(node, source) },
        _ => ConfigScalar.FromYamlScalar(node, source),
    };

    /// <summary>A short name of the node's shape for error messages.</summary>
    public string Shape => this switch
    {
        ConfigMapping => "mapping",
        ConfigSequence => "list",
        _ => "scalar",
    };
}

/// <summary>A scalar: its kind and its text (for non-strings the plain text as written, e.g. <c>0x10</c>).</summary>
internal sealed partial class ConfigScalar(ScalarKind kind, string text) : ConfigNode
{
    public ScalarKind Kind { get; } = kind;

    public string Text { get; } = text;

    /// <summary>A string the writer double-quotes even where plain would read back the same (a fix's argument values, addresses).</summary>
    public bool PreferQuoted { get; init; }

    public static ConfigScalar String(string text) => new(ScalarKind.String, text);

    public static ConfigScalar Quoted(string text) => new(ScalarKind.String, text) { PreferQuoted = true };

    /// <summary>A multi-line string the writer emits as a <c>|</c> block literal (a rules file or scrape config inside a manifest), so it reads as written.</summary>
    public bool PreferLiteral { get; init; }

    public static ConfigScalar Literal(string text) => new(ScalarKind.String, text) { PreferLiteral = true };

    /// <summary>
    /// True for a value Talos's merge treats as unset on the right-hand side (<c>pkg/machinery/config/merge/merge.go</c>:
    /// a zero string or number does not overwrite; <c>false</c> always does).
    /// </summary>
    public bool IsZero => Kind switch
    {
        ScalarKind.String => Text.Length == 0,
        ScalarKind.Int => ParseInt(Text) == 0,
        ScalarKind.Null => true,
        _ => false,
    };

    /// <summary>The scalar's integer value, or null when it is not an integer.</summary>
    public long? AsInt64() => Kind == ScalarKind.Int ? ParseInt(Text) : null;

    public static ConfigScalar Of(bool value) => new(ScalarKind.Bool, value ? "true" : "false");

    public static ConfigScalar Of(long value) => new(ScalarKind.Int, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public override ConfigNode Clone() => new ConfigScalar(Kind, Text) { Line = Line, Origin = Origin, Comment = Comment, PreferQuoted = PreferQuoted, PreferLiteral = PreferLiteral };

    internal static ConfigScalar FromYamlScalar(YamlNode node, DocumentSource? source = null)
    {
        var kind = node.Tag switch
        {
            "tag:yaml.org,2002:str" => ScalarKind.String,
            "tag:yaml.org,2002:null" => ScalarKind.Null,
            "tag:yaml.org,2002:bool" when node.AsBool() is not null || PlainKind(node.Value) == ScalarKind.Bool => ScalarKind.Bool,
            "tag:yaml.org,2002:int" when ParseInt(node.Value) is not null => ScalarKind.Int,
            "tag:yaml.org,2002:float" when PlainKind(node.Value) is ScalarKind.Float or ScalarKind.Int => ScalarKind.Float,
            null when node.IsPlain => PlainKind(node.Value),
            _ => ScalarKind.String,
        };
        var text = kind switch
        {
            ScalarKind.Null => "null",
            ScalarKind.Bool => IsTrue(node.Value) ? "true" : "false",
            _ => node.Value,
        };
        return new ConfigScalar(kind, text) { Line = node.Start.Line, Origin = NodeOrigin.Of(node, source) };
    }

    /// <summary>A plain scalar with this text, typed and written as the loader reads it (<c>false</c> a boolean, <c>8</c> an int).</summary>
    public static ConfigScalar Plain(string text)
    {
        var kind = PlainKind(text);
        return new ConfigScalar(kind, kind switch
        {
            ScalarKind.Null => "null",
            ScalarKind.Bool => IsTrue(text) ? "true" : "false",
            _ => text,
        });
    }

    /// <summary>How the project's loader (and Go's yaml.v3) reads a plain scalar with this text.</summary>
    public static ScalarKind PlainKind(string text)
    {
        if (text.Length == 0 || text is "~" or "null" or "Null" or "NULL")
        {
            return ScalarKind.Null;
        }

        if (IsTrue(text) || text is "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF")
        {
            return ScalarKind.Bool;
        }

        if (ParseInt(text) is not null)
        {
            return ScalarKind.Int;
        }

        return FloatPattern().IsMatch(text) ? ScalarKind.Float : ScalarKind.String;
    }

    private static bool IsTrue(string text) => text is "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON";

    private static long? ParseInt(string text) => new YamlNode(YamlNodeType.Scalar, SourceMark.FileStart, null) { Value = text, IsPlain = true }.AsInt64();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}

/// <summary>A mapping with its keys in order; setting a new key appends it.</summary>
internal sealed class ConfigMapping : ConfigNode
{
    /// <summary>Above this many keys lookups go through <see cref="_index"/>, so a mapping with 100k keys loads and merges in linear time.</summary>
    private const int IndexThreshold = 16;

    private readonly List<KeyValuePair<string, ConfigNode>> _entries = [];

    /// <summary>Key to position, built on the first lookup in a large mapping and dropped when a key is removed.</summary>
    private Dictionary<string, int>? _index;

    public IReadOnlyList<KeyValuePair<string, ConfigNode>> Entries => _entries;

    public ConfigNode? this[string key]
    {
        get
        {
            var index = IndexOf(key);
            return index < 0 ? null : _entries[index].Value;
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            var index = IndexOf(key);
            if (index < 0)
            {
                _index?.Add(key, _entries.Count);
                _entries.Add(new(key, value));
            }
            else
            {
                _entries[index] = new(key, value);
            }
        }
    }

    public bool Remove(string key)
    {
        var index = IndexOf(key);
        if (index < 0)
        {
            return false;
        }

        _entries.RemoveAt(index);
        _index = null;
        return true;
    }

    /// <summary>The scalar text under <paramref name="key"/>, or null when absent or not a scalar.</summary>
    public string? Text(string key) => this[key] is ConfigScalar { Kind: not ScalarKind.Null } scalar ? scalar.Text : null;

    /// <summary>A mapping of <paramref name="entries"/> in order.</summary>
    public static ConfigMapping Of(params ReadOnlySpan<(string Key, ConfigNode Value)> entries)
    {
        var mapping = new ConfigMapping();
        foreach (var (key, value) in entries)
        {
            mapping[key] = value;
        }

        return mapping;
    }

    public override ConfigNode Clone()
    {
        var copy = new ConfigMapping { Line = Line, Origin = Origin, Comment = Comment };
        foreach (var (key, value) in _entries)
        {
            copy._entries.Add(new(key, value.Clone()));
        }

        return copy;
    }

    internal static ConfigMapping FromYamlMapping(YamlNode node, DocumentSource? source = null)
    {
        var mapping = new ConfigMapping { Line = node.Start.Line, Origin = NodeOrigin.Of(node, source) };
        foreach (var (key, value) in node.Entries)
        {
            if (!key.IsMergeKey)
            {
                // Go's decoder keeps the last of duplicate keys.
                mapping[key.Value] = FromYaml(value, source);
            }
        }

        return mapping;
    }

    private int IndexOf(string key)
    {
        if (_entries.Count <= IndexThreshold)
        {
            return _entries.FindIndex(e => string.Equals(e.Key, key, StringComparison.Ordinal));
        }

        if (_index is null)
        {
            _index = new Dictionary<string, int>(_entries.Count, StringComparer.Ordinal);
            for (var i = 0; i < _entries.Count; i++)
            {
                _index[_entries[i].Key] = i;
            }
        }

        return _index.GetValueOrDefault(key, -1);
    }
}

/// <summary>A sequence.</summary>
internal sealed class ConfigSequence(IEnumerable<ConfigNode> items) : ConfigNode
{
    public List<ConfigNode> Items { get; } = [.. items];

    public override ConfigNode Clone() => new ConfigSequence(Items.Select(i => i.Clone())) { Line = Line, Origin = Origin, Comment = Comment };
}

/// <summary>
/// <c>$patch: delete</c> as a mapping value: Talos removes that key from the target. As an item of a list it names
/// the item to remove by its first other key (<see cref="ItemKey"/> = <see cref="ItemValue"/>), e.g.
/// <c>- interface: eth0</c> with <c>$patch: delete</c>.
/// </summary>
internal sealed class DeleteMarker(string? itemKey = null, string? itemValue = null) : ConfigNode
{
    public string? ItemKey { get; } = itemKey;

    public string? ItemValue { get; } = itemValue;

    public override ConfigNode Clone() => new DeleteMarker(ItemKey, ItemValue) { Line = Line, Origin = Origin, Comment = Comment };
}

/// <summary>The file and document a tree is read from.</summary>
internal sealed record DocumentSource(string File, int Document);

/// <summary>
/// Where a node came from: its file and document, its own position, and the position of the key it sits under (its own
/// position for list items and roots). Reports point at the key of a collection and at the value of a scalar.
/// </summary>
internal sealed record NodeOrigin(DocumentSource Source, SourceMark Start, SourceMark KeyStart)
{
    public static NodeOrigin? Of(YamlNode node, DocumentSource? source) =>
        source is null ? null : new NodeOrigin(source, node.Start, node.KeyNode?.Start ?? node.Start);
}
