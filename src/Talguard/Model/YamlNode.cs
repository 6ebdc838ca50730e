using System.Globalization;
using System.Text;

namespace Talguard.Model;

public enum YamlNodeType
{
    Scalar,
    Mapping,
    Sequence,
}

/// <summary>
/// One node of a parsed YAML document, with the position the parser gave it and a link to its parent
/// so the YAML path is derived only when a finding needs it.
/// </summary>
public sealed class YamlNode
{
    /// <summary>Exact-size children, set once when the collection ends: a mapping's entries or a sequence's items.</summary>
    private object? _children;

    internal YamlNode(YamlNodeType type, SourceMark start, string? tag)
    {
        Type = type;
        Start = start;
        Tag = tag;
    }

    public YamlNodeType Type { get; }

    public SourceMark Start { get; }

    /// <summary>Explicit tag such as <c>!!str</c>, or null when the node had none.</summary>
    public string? Tag { get; }

    /// <summary>Scalar text; empty for collections.</summary>
    public string Value { get; internal init; } = string.Empty;

    /// <summary>True for plain (unquoted) scalars: only those can be null, booleans or numbers.</summary>
    public bool IsPlain { get; internal init; }

    public YamlNode? Parent { get; private set; }

    /// <summary>
    /// For a node of a merged config (<see cref="Talos.Patching.MergedConfig"/>): the file and document it was read from,
    /// base or patch; null for a node of a loaded file, which is its document's.
    /// </summary>
    internal Talos.Patching.DocumentSource? Origin { get; init; }

    /// <summary>
    /// True for a node reached from more than one place: the value of an anchor that an alias repeats, or an entry a
    /// merge key (<c>&lt;&lt;</c>) copied. A walk over the tree enters such a node once (see <see cref="YamlVisits"/>).
    /// </summary>
    public bool IsShared { get; internal set; }

    /// <summary>A plain (or <c>!!merge</c>-tagged) <c>&lt;&lt;</c> key, as yaml.v3 recognises merge keys (an alias is never one).</summary>
    internal bool IsMergeKey => IsScalar && AliasName is null && Value == "<<" && (Tag == "tag:yaml.org,2002:merge" || (Tag is null && IsPlain));

    /// <summary>
    /// For a key written as an alias (<c>*name: value</c>): the alias's name. Paths and messages show the key as
    /// <c>*name</c>, never the anchored text, which may be a secret.
    /// </summary>
    public string? AliasName { get; internal init; }

    /// <summary>This key as a report shows it: its text, or <c>*name</c> when it was written as an alias.</summary>
    public string DisplayKey => AliasName is { } alias ? "*" + alias : Value;

    /// <summary>Key under which this node sits in its parent mapping (null in sequences and at the root).</summary>
    public string? KeyInParent => KeyNode?.Value;

    /// <summary>Index in the parent sequence, or -1.</summary>
    public int IndexInParent { get; private set; } = -1;

    /// <summary>For a mapping value: the key node, whose position is where the entry starts.</summary>
    public YamlNode? KeyNode { get; private set; }

    /// <summary>A mapping's entries in document order (a struct over the node's array: <c>foreach</c> allocates nothing).</summary>
    public YamlChildren<KeyValuePair<YamlNode, YamlNode>> Entries => new(_children as KeyValuePair<YamlNode, YamlNode>[]);

    /// <summary>A sequence's items in document order.</summary>
    public YamlChildren<YamlNode> Items => new(_children as YamlNode[]);

    public bool IsMapping => Type == YamlNodeType.Mapping;

    public bool IsSequence => Type == YamlNodeType.Sequence;

    public bool IsScalar => Type == YamlNodeType.Scalar;

    /// <summary>A plain <c>~</c>, <c>null</c> or empty scalar.</summary>
    public bool IsNull => Type == YamlNodeType.Scalar && Tag is null && IsPlain &&
        (Value.Length == 0 || Value is "~" or "null" or "Null" or "NULL");

    /// <summary>Links <paramref name="value"/> to this mapping under <paramref name="key"/> (an aliased node keeps its first place).</summary>
    internal void AdoptEntry(YamlNode key, YamlNode value)
    {
        if (value.Parent is null)
        {
            value.Parent = this;
            value.KeyNode = key;
        }
    }

    /// <summary>Links <paramref name="item"/> to this sequence at <paramref name="index"/> (an aliased node keeps its first place).</summary>
    internal void AdoptItem(YamlNode item, int index)
    {
        if (item.Parent is null)
        {
            item.Parent = this;
            item.IndexInParent = index;
        }
    }

    internal void SetEntries(KeyValuePair<YamlNode, YamlNode>[] entries) => _children = entries;

    internal void SetItems(YamlNode[] items) => _children = items;

    /// <summary>The value under <paramref name="key"/> when this is a mapping; the last one wins, as in Go's decoder.</summary>
    public YamlNode? this[string key]
    {
        get
        {
            if (_children is not KeyValuePair<YamlNode, YamlNode>[] entries)
            {
                return null;
            }

            for (var i = entries.Length - 1; i >= 0; i--)
            {
                if (string.Equals(entries[i].Key.Value, key, StringComparison.Ordinal))
                {
                    return entries[i].Value;
                }
            }

            return null;
        }
    }

    /// <summary>Follows mapping keys in order, e.g. <c>node.At("machine", "install", "image")</c>.</summary>
    public YamlNode? At(params ReadOnlySpan<string> keys)
    {
        var current = this;
        foreach (var key in keys)
        {
            current = current[key];
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The scalar text, or null for collections and null scalars.</summary>
    public string? AsString() => IsScalar && !IsNull ? Value : null;

    /// <summary>YAML 1.1/1.2 booleans as Go's yaml.v3 reads them; null when not a boolean.</summary>
    public bool? AsBool()
    {
        if (!IsScalar || !IsPlain)
        {
            return null;
        }

        return Value switch
        {
            "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" => true,
            "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" => false,
            _ => null,
        };
    }

    /// <summary>Integers in decimal, <c>0x</c>, <c>0o</c> and legacy leading-zero octal; null when not one or beyond 64 bits.</summary>
    public long? AsInt64()
    {
        if (!IsScalar || Value.Length == 0)
        {
            return null;
        }

        var text = Value.Replace("_", string.Empty, StringComparison.Ordinal);
        var negative = text.StartsWith('-');
        if (negative || text.StartsWith('+'))
        {
            text = text[1..];
        }

        long value;
        // A hex parse reads 16 digits as two's complement: beyond long.MaxValue it turns negative, which is overflow.
        var ok = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) && value >= 0
            : text.StartsWith("0o", StringComparison.OrdinalIgnoreCase)
                ? TryParseOctal(text.AsSpan(2), out value)
                : text.Length > 1 && text[0] == '0'
                    ? TryParseOctal(text.AsSpan(1), out value)
                    : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        return ok ? (negative ? -value : value) : null;
    }

    private static bool TryParseOctal(ReadOnlySpan<char> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (c is < '0' or > '7')
            {
                return false;
            }

            if (value > (long.MaxValue - 7) / 8)
            {
                return false;
            }

            value = (value * 8) + (c - '0');
        }

        return true;
    }

    /// <summary>Dotted path from the document root: <c>machine.sysctls["kernel.kptr_restrict"]</c>, <c>keys[0].tpm</c>.</summary>
    public string Path
    {
        get
        {
            var segments = new List<YamlNode>();
            for (var node = this; node.Parent is not null; node = node.Parent)
            {
                segments.Add(node);
            }

            var builder = new StringBuilder();
            for (var i = segments.Count - 1; i >= 0; i--)
            {
                var node = segments[i];
                if (node.KeyNode is { } key)
                {
                    YamlPath.AppendKey(builder, key.DisplayKey);
                }
                else
                {
                    YamlPath.AppendIndex(builder, node.IndexInParent);
                }
            }

            return builder.ToString();
        }
    }

    public override string ToString() => Type == YamlNodeType.Scalar ? Value : $"{Type} at {Start}";
}

/// <summary>
/// The children of a collection node: a read-only view of its array whose <c>foreach</c> allocates nothing,
/// since rules walk every mapping of every document, often several times per scan.
/// </summary>
public readonly struct YamlChildren<T> : IReadOnlyList<T>
{
    private readonly T[]? _items;

    /// <param name="items">The children; null (a scalar, or a default instance such as <c>node?.Items ?? []</c>) is none.</param>
    internal YamlChildren(T[]? items) => _items = items;

    private T[] Array => _items ?? [];

    public int Count => Array.Length;

    public T this[int index] => Array[index];

    public Enumerator GetEnumerator() => new(Array);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)Array).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => Array.GetEnumerator();

    /// <summary>Walks the array without boxing; usable inside iterators, unlike a span's enumerator.</summary>
    public struct Enumerator(T[] items)
    {
        private int _index = -1;

        public readonly T Current => items[_index];

        public bool MoveNext() => ++_index < items.Length;
    }
}
