using System.Text.Encodings.Web;
using System.Text.Json;

namespace Talguard.Formats;

/// <summary>The JSON kinds a <see cref="TalosctlJsonValue"/> takes.</summary>
internal enum TalosctlJsonKind
{
    Object,
    Array,
    String,
    Number,
    Boolean,
    Null,
}

/// <summary>
/// One JSON value read by <see cref="TalosctlJsonReader"/>, with where it starts in its file (1-based line and
/// column, byte offset) and its path from the top-level object it belongs to (<c>spec.configuredEncryptionKeys[0]</c>,
/// the dotted form of findings-json.md), so a finding can point at the very line of the evidence.
/// </summary>
internal sealed class TalosctlJsonValue
{
    private static readonly List<KeyValuePair<string, TalosctlJsonValue>> NoProperties = [];
    private static readonly List<TalosctlJsonValue> NoItems = [];

    private List<KeyValuePair<string, TalosctlJsonValue>>? _properties;
    private List<TalosctlJsonValue>? _items;

    internal TalosctlJsonValue(TalosctlJsonKind kind, string path, int line, int column, long offset, string text)
    {
        Kind = kind;
        Path = path;
        Line = line;
        Column = column;
        Offset = offset;
        Text = text;
    }

    public TalosctlJsonKind Kind { get; }

    /// <summary>Path from the top-level object; empty for the object itself.</summary>
    public string Path { get; }

    public int Line { get; }

    public int Column { get; }

    public long Offset { get; }

    /// <summary>A string's value, a number's literal, <c>true</c>, <c>false</c> or <c>null</c>; empty for objects and arrays.</summary>
    public string Text { get; }

    /// <summary>An object's members in file order (talosctl writes them sorted); empty for other kinds.</summary>
    public IReadOnlyList<KeyValuePair<string, TalosctlJsonValue>> Properties => _properties ?? NoProperties;

    /// <summary>An array's items; empty for other kinds.</summary>
    public IReadOnlyList<TalosctlJsonValue> Items => _items ?? NoItems;

    /// <summary>The member named <paramref name="key"/> of an object; null when absent (talosctl omits zero values) or when this is no object.</summary>
    public TalosctlJsonValue? this[string key]
    {
        get
        {
            foreach (var property in Properties)
            {
                if (string.Equals(property.Key, key, StringComparison.Ordinal))
                {
                    return property.Value;
                }
            }

            return null;
        }
    }

    public bool IsObject => Kind == TalosctlJsonKind.Object;

    /// <summary>A string's value, else null.</summary>
    public string? AsString() => Kind == TalosctlJsonKind.String ? Text : null;

    /// <summary>A boolean's value, else null.</summary>
    public bool? AsBool() => Kind == TalosctlJsonKind.Boolean ? Text == "true" : null;

    /// <summary>How the value reads in a message: strings quoted as JSON writes them, scalars as written, containers by size.</summary>
    public string Display() => Kind switch
    {
        TalosctlJsonKind.String => "\"" + JsonEncodedText.Encode(Text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"",
        TalosctlJsonKind.Object => Properties.Count == 0 ? "{}" : "{...}",
        TalosctlJsonKind.Array => Items.Count == 0 ? "[]" : "[" + string.Join(", ", Items.Select(i => i.Display())) + "]",
        _ => Text,
    };

    /// <summary>The JSON name of a kind, for messages.</summary>
    public static string KindName(TalosctlJsonKind kind) => kind switch
    {
        TalosctlJsonKind.Object => "an object",
        TalosctlJsonKind.Array => "an array",
        TalosctlJsonKind.String => "a string",
        TalosctlJsonKind.Number => "a number",
        TalosctlJsonKind.Boolean => "a boolean",
        _ => "null",
    };

    internal bool TryAdd(string key, TalosctlJsonValue value)
    {
        _properties ??= [];
        if (this[key] is not null)
        {
            return false;
        }

        _properties.Add(new(key, value));
        return true;
    }

    internal void Add(TalosctlJsonValue item) => (_items ??= []).Add(item);

    public override string ToString() => (Path.Length == 0 ? "(object)" : Path) + " = " + Display();
}
