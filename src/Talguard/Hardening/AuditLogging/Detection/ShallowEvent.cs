using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Talguard.Formats;

namespace Talguard.Hardening.AuditLogging.Detection;

/// <summary>
/// The object keys, one or two levels deep, whose scalar values the loaded rules read (<c>stage</c>,
/// <c>user.username</c>, <c>objectRef.resource</c>, ...), plus <c>kind</c>, <c>auditID</c> and <c>stageTimestamp</c>.
/// Built once per rule set; <see cref="ShallowEvent"/> records where each sits in one event's text.
/// </summary>
internal sealed class ShallowSchema
{
    private readonly int[] _slotByField;
    private readonly List<int> _parents = [];

    public ShallowSchema(IEnumerable<BoundField> fields, int fieldSlots)
    {
        _slotByField = new int[fieldSlots];
        Array.Fill(_slotByField, -1);
        Kind = Add(["kind"]);
        AuditId = Add(["auditID"]);
        StageTimestamp = Add(["stageTimestamp"]);
        foreach (var field in fields)
        {
            if (field.ShallowPath is { Length: 1 or 2 } path)
            {
                _slotByField[field.Slot] = Add(path);
            }
        }

        TopLevelTable = new KeyTable(TopLevel);
        foreach (var key in TopLevel)
        {
            key.ChildTable = key.Children.Count > 0 ? new KeyTable(key.Children) : null;
        }
    }

    public int Kind { get; }

    public int AuditId { get; }

    public int StageTimestamp { get; }

    /// <summary>The first level's keys, each with its slot and the second level's keys below it.</summary>
    public List<Key> TopLevel { get; } = [];

    /// <summary><see cref="TopLevel"/> as the pass looks its keys up.</summary>
    public KeyTable TopLevelTable { get; }

    public int SlotCount { get; private set; }

    /// <summary>The slot of the first-level key above a second-level <paramref name="slot"/>.</summary>
    public int ParentOf(int slot) => _parents[slot];

    /// <summary>The slot of <paramref name="field"/>'s path, or -1 when the field is not read from the first two levels.</summary>
    public int SlotOf(BoundField field) => _slotByField[field.Slot];

    private int Add(string[] path)
    {
        var top = Find(TopLevel, path[0]) ?? AddKey(TopLevel, path[0], parent: -1);
        if (path.Length == 1)
        {
            return top.Slot;
        }

        return (Find(top.Children, path[1]) ?? AddKey(top.Children, path[1], top.Slot)).Slot;
    }

    private Key AddKey(List<Key> keys, string name, int parent)
    {
        var key = new Key(Encoding.UTF8.GetBytes(name), SlotCount++);
        keys.Add(key);
        _parents.Add(parent);
        return key;
    }

    private static Key? Find(List<Key> keys, string name) => keys.Find(k => k.Name.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(name)));

    internal sealed class Key(byte[] name, int slot)
    {
        public byte[] Name { get; } = name;

        public int Slot { get; } = slot;

        public List<Key> Children { get; } = [];

        /// <summary><see cref="Children"/> as the pass looks them up; null when there are none.</summary>
        public KeyTable? ChildTable { get; set; }
    }

    /// <summary>
    /// Keys grouped by their length in bytes, so that an event's key is compared only with the schema keys as long as
    /// it (most of an event's keys are matched by none).
    /// </summary>
    internal sealed class KeyTable
    {
        private readonly Key[]?[] _byLength;

        public KeyTable(List<Key> keys)
        {
            _byLength = new Key[]?[keys.Count == 0 ? 0 : keys.Max(k => k.Name.Length) + 1];
            foreach (var group in keys.GroupBy(k => k.Name.Length))
            {
                _byLength[group.Key] = [.. group];
            }
        }

        public Key? Find(ReadOnlySpan<byte> name)
        {
            if ((uint)name.Length >= (uint)_byLength.Length || _byLength[name.Length] is not { } candidates)
            {
                return null;
            }

            foreach (var key in candidates)
            {
                if (name.SequenceEqual(key.Name))
                {
                    return key;
                }
            }

            return null;
        }
    }
}

/// <summary>
/// One pass over the text of one JSON line that both checks it is strict JSON (accepting only what
/// <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> accepts; anything doubtful goes to the
/// document, which then reports it as before) and notes where the values of
/// the <see cref="ShallowSchema"/>'s keys lie. A rule that reads only those fields is then evaluated without building a
/// <see cref="JsonDocument"/>; any other field parses the document on demand. Whatever the pass is not sure of (a
/// duplicate or escaped key, a value that is an object or array, text that is not valid UTF-8) it leaves to the
/// document, so every field yields what it would have yielded from the document.
/// </summary>
internal sealed class ShallowEvent
{
    /// <summary>Deeper nesting goes to the document, which allows up to <see cref="AuditLogEvents.MaxDepth"/>.</summary>
    private const int MaxDepth = 200;

    /// <summary>What ends the plain run of a string: its closing quote, an escape, or a control character (never allowed raw).</summary>
    /// <summary>
    /// Texts kept per field, by a hash of their bytes: most fields (stage, verb, resource, namespace, user, code) repeat
    /// a few values, and reusing their strings spares a string per field and event. Must be a power of two.
    /// </summary>
    private const int RecentTextsPerSlot = 32;

    /// <summary>Longer texts (URIs, names) rarely repeat; they are not kept, so the cache holds no large strings.</summary>
    private const int MaxRecentTextLength = 64;

    private static readonly SearchValues<byte> StringSpecials = SearchValues.Create([(byte)'"', (byte)'\\', .. Enumerable.Range(0, 0x20).Select(b => (byte)b)]);

    private readonly ShallowSchema _schema;
    private readonly JsonTokenType[] _types;
    private readonly int[] _starts;
    private readonly int[] _lengths;
    private readonly bool[] _escaped;
    private readonly string?[][] _recentTexts;
    private ReadOnlyMemory<byte> _text;

    public ShallowEvent(ShallowSchema schema)
    {
        _schema = schema;
        _types = new JsonTokenType[schema.SlotCount];
        _starts = new int[schema.SlotCount];
        _lengths = new int[schema.SlotCount];
        _escaped = new bool[schema.SlotCount];
        _recentTexts = new string?[schema.SlotCount][];
        for (var slot = 0; slot < _recentTexts.Length; slot++)
        {
            _recentTexts[slot] = new string?[RecentTextsPerSlot];
        }
    }

    public ReadOnlyMemory<byte> Text => _text;

    public bool HasAuditId => _types[_schema.AuditId] != JsonTokenType.None;

    /// <summary>
    /// True when <paramref name="text"/> is valid JSON whose root is an object with <c>"kind": "Event"</c> and no key of
    /// the schema twice or escaped at the levels read; false sends the text to the document path.
    /// </summary>
    public bool TryScan(ReadOnlyMemory<byte> text)
    {
        _text = text;
        Array.Clear(_types);
        var json = text.Span;

        // Outside strings valid JSON is ASCII, so this also checks every string; the document would refuse to read invalid UTF-8.
        if (!Utf8.IsValid(json))
        {
            return false;
        }

        var position = SkipWhitespace(json, 0);
        if (position >= json.Length || json[position] != (byte)'{' || !ScanObject(json, ref position, 1, _schema.TopLevelTable) ||
            SkipWhitespace(json, position) != json.Length)
        {
            return false;
        }

        return _types[_schema.Kind] == JsonTokenType.String && !_escaped[_schema.Kind] &&
            json.Slice(_starts[_schema.Kind], _lengths[_schema.Kind]).SequenceEqual("Event"u8);
    }

    /// <summary>The stage timestamp as text, or null when it is absent or not a string.</summary>
    public string? StageTimestamp() => _types[_schema.StageTimestamp] == JsonTokenType.String ? StringAt(_schema.StageTimestamp, reuse: false) : null;

    /// <summary>
    /// What <see cref="AuditFields.TextOf"/> gives for the element at <paramref name="field"/>'s path; false when the
    /// field is not on the first two levels or the pass cannot tell (an object or array value, invalid UTF-8).
    /// </summary>
    public bool TryGet(BoundField field, out FieldValue value)
    {
        value = FieldValue.Missing;
        var slot = _schema.SlotOf(field);
        if (slot < 0)
        {
            return false;
        }

        if (field.ShallowPath!.Length == 2)
        {
            switch (_types[_schema.ParentOf(slot)])
            {
                case JsonTokenType.StartObject:
                    break;
                case JsonTokenType.StartArray:
                    // A JSON pointer indexes arrays; the document answers that.
                    return false;
                default:
                    return true;
            }
        }

        switch (_types[slot])
        {
            case JsonTokenType.None or JsonTokenType.Null:
                return true;
            case JsonTokenType.True:
                value = FieldValue.Of("true");
                return true;
            case JsonTokenType.False:
                value = FieldValue.Of("false");
                return true;
            case JsonTokenType.Number:
                value = FieldValue.Of(TextOf(slot, _text.Span.Slice(_starts[slot], _lengths[slot])));
                return true;
            case JsonTokenType.String when StringAt(slot, reuse: true) is { } text:
                value = FieldValue.Of(text);
                return true;
            default:
                return false;
        }
    }

    /// <param name="reuse">False for a text that is new in every event (a timestamp): keeping it would only cost.</param>
    private string? StringAt(int slot, bool reuse)
    {
        var raw = _text.Span.Slice(_starts[slot], _lengths[slot]);
        if (!_escaped[slot])
        {
            // TryScan found the whole line valid UTF-8, and a string between two quotes of it is too.
            return reuse ? TextOf(slot, raw) : Encoding.UTF8.GetString(raw);
        }

        var quoted = new Utf8JsonReader(_text.Span.Slice(_starts[slot] - 1, _lengths[slot] + 2));
        quoted.Read();
        try
        {
            return quoted.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The text of unescaped UTF-8 <paramref name="raw"/>, the same string as last time when the slot saw it recently.</summary>
    private string TextOf(int slot, ReadOnlySpan<byte> raw)
    {
        if (raw.Length > MaxRecentTextLength)
        {
            return Encoding.UTF8.GetString(raw);
        }

        var recent = _recentTexts[slot];
        var index = raw.IsEmpty ? 0 : ((raw.Length * 31) + (raw[0] * 7) + raw[^1]) & (RecentTextsPerSlot - 1);

        // Non-ASCII bytes never equal a string here, so such texts are decoded each time, which is correct and rare.
        if (recent[index] is { } known && Ascii.Equals(raw, known))
        {
            return known;
        }

        var text = Encoding.UTF8.GetString(raw);
        recent[index] = text;
        return text;
    }

    /// <summary>
    /// Reads the object that opens at <paramref name="position"/> to just past its end, noting the values of
    /// <paramref name="keys"/> (null: none); false on anything that is not strict JSON (RFC 8259, no comments, no
    /// trailing commas) or that the pass leaves to the document (a schema key twice or escaped, nesting near the limit).
    /// </summary>
    private bool ScanObject(ReadOnlySpan<byte> json, ref int position, int depth, ShallowSchema.KeyTable? keys)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        position = SkipWhitespace(json, position + 1);
        if (position < json.Length && json[position] == (byte)'}')
        {
            position++;
            return true;
        }

        while (true)
        {
            if (position >= json.Length || json[position] != (byte)'"' || !ScanString(json, ref position, out var nameStart, out var nameLength, out var nameEscaped))
            {
                return false;
            }

            ShallowSchema.Key? key = null;
            if (keys is not null)
            {
                if (nameEscaped)
                {
                    // An escaped key may spell one of the schema's; the document compares it unescaped.
                    return false;
                }

                key = keys.Find(json.Slice(nameStart, nameLength));
            }

            position = SkipWhitespace(json, position);
            if (position >= json.Length || json[position] != (byte)':')
            {
                return false;
            }

            position = SkipWhitespace(json, position + 1);
            if (!(key is null ? ScanValue(json, ref position, depth) : Record(json, ref position, depth, key)))
            {
                return false;
            }

            position = SkipWhitespace(json, position);
            if (position >= json.Length)
            {
                return false;
            }

            if (json[position] == (byte)'}')
            {
                position++;
                return true;
            }

            if (json[position] != (byte)',')
            {
                return false;
            }

            position = SkipWhitespace(json, position + 1);
        }
    }

    private bool Record(ReadOnlySpan<byte> json, ref int position, int depth, ShallowSchema.Key key)
    {
        if (_types[key.Slot] != JsonTokenType.None)
        {
            return false;
        }

        var start = position;
        switch (json[position])
        {
            case (byte)'"':
                _types[key.Slot] = JsonTokenType.String;
                return ScanString(json, ref position, out _starts[key.Slot], out _lengths[key.Slot], out _escaped[key.Slot]);
            case (byte)'{':
                _types[key.Slot] = JsonTokenType.StartObject;
                return ScanObject(json, ref position, depth + 1, key.ChildTable);
            case (byte)'[':
                _types[key.Slot] = JsonTokenType.StartArray;
                return ScanArray(json, ref position, depth + 1);
            case (byte)'t':
                _types[key.Slot] = JsonTokenType.True;
                return ScanLiteral(json, ref position, "true"u8);
            case (byte)'f':
                _types[key.Slot] = JsonTokenType.False;
                return ScanLiteral(json, ref position, "false"u8);
            case (byte)'n':
                _types[key.Slot] = JsonTokenType.Null;
                return ScanLiteral(json, ref position, "null"u8);
            default:
                _types[key.Slot] = JsonTokenType.Number;
                _starts[key.Slot] = start;
                var number = ScanNumber(json, ref position);
                _lengths[key.Slot] = position - start;
                return number;
        }
    }

    private bool ScanValue(ReadOnlySpan<byte> json, ref int position, int depth)
    {
        if (position >= json.Length)
        {
            return false;
        }

        return json[position] switch
        {
            (byte)'"' => ScanString(json, ref position, out _, out _, out _),
            (byte)'{' => ScanObject(json, ref position, depth + 1, null),
            (byte)'[' => ScanArray(json, ref position, depth + 1),
            (byte)'t' => ScanLiteral(json, ref position, "true"u8),
            (byte)'f' => ScanLiteral(json, ref position, "false"u8),
            (byte)'n' => ScanLiteral(json, ref position, "null"u8),
            _ => ScanNumber(json, ref position),
        };
    }

    private bool ScanArray(ReadOnlySpan<byte> json, ref int position, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        position = SkipWhitespace(json, position + 1);
        if (position < json.Length && json[position] == (byte)']')
        {
            position++;
            return true;
        }

        while (true)
        {
            if (!ScanValue(json, ref position, depth))
            {
                return false;
            }

            position = SkipWhitespace(json, position);
            if (position >= json.Length)
            {
                return false;
            }

            if (json[position] == (byte)']')
            {
                position++;
                return true;
            }

            if (json[position] != (byte)',')
            {
                return false;
            }

            position = SkipWhitespace(json, position + 1);
        }
    }

    /// <summary>A string opening at <paramref name="position"/>; its contents (still escaped) are [start, start + length).</summary>
    private static bool ScanString(ReadOnlySpan<byte> json, ref int position, out int start, out int length, out bool escaped)
    {
        start = position + 1;
        length = 0;
        escaped = false;
        var at = start;
        while (true)
        {
            at = IndexOfStringSpecial(json, at);
            if (at < 0)
            {
                return false;
            }

            switch (json[at])
            {
                case (byte)'"':
                    length = at - start;
                    position = at + 1;
                    return true;
                case (byte)'\\':
                    escaped = true;
                    if (!ScanEscape(json, ref at))
                    {
                        return false;
                    }

                    break;
                default:
                    // A control character must be escaped.
                    return false;
            }
        }
    }

    /// <summary>
    /// Where in <paramref name="json"/>, from <paramref name="at"/> on, the first quote, backslash or control character
    /// is; -1 when there is none. Most strings of an audit event are short and end within the first 16 bytes, where three
    /// comparisons of one block beat the general <see cref="SearchValues{T}"/> search, which the tail of the line uses.
    /// </summary>
    private static int IndexOfStringSpecial(ReadOnlySpan<byte> json, int at)
    {
        var quote = Vector128.Create((byte)'"');
        var backslash = Vector128.Create((byte)'\\');
        var space = Vector128.Create((byte)' ');
        while (at <= json.Length - Vector128<byte>.Count)
        {
            var block = Vector128.Create(json.Slice(at, Vector128<byte>.Count));
            var specials = Vector128.Equals(block, quote) | Vector128.Equals(block, backslash) | Vector128.LessThan(block, space);
            if (specials != Vector128<byte>.Zero)
            {
                return at + BitOperations.TrailingZeroCount(specials.ExtractMostSignificantBits());
            }

            at += Vector128<byte>.Count;
        }

        var rest = json[at..].IndexOfAny(StringSpecials);
        return rest < 0 ? -1 : at + rest;
    }

    /// <summary>One escape at <paramref name="at"/>; a <c>\u</c> escape of a surrogate is left to the document, which pairs them.</summary>
    private static bool ScanEscape(ReadOnlySpan<byte> json, ref int at)
    {
        if (at + 1 >= json.Length)
        {
            return false;
        }

        switch (json[at + 1])
        {
            case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                at += 2;
                return true;
            case (byte)'u':
                if (at + 6 > json.Length || !ushort.TryParse(json.Slice(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit) ||
                    char.IsSurrogate((char)unit))
                {
                    return false;
                }

                at += 6;
                return true;
            default:
                return false;
        }
    }

    /// <summary>RFC 8259 numbers: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>.</summary>
    private static bool ScanNumber(ReadOnlySpan<byte> json, ref int position)
    {
        var at = position;
        if (at < json.Length && json[at] == (byte)'-')
        {
            at++;
        }

        if (at >= json.Length || !char.IsAsciiDigit((char)json[at]))
        {
            return false;
        }

        if (json[at] == (byte)'0')
        {
            at++;
        }
        else
        {
            at = Digits(json, at);
        }

        if (at < json.Length && json[at] == (byte)'.')
        {
            var fraction = Digits(json, at + 1);
            if (fraction == at + 1)
            {
                return false;
            }

            at = fraction;
        }

        if (at < json.Length && json[at] is (byte)'e' or (byte)'E')
        {
            at++;
            if (at < json.Length && json[at] is (byte)'+' or (byte)'-')
            {
                at++;
            }

            var exponent = Digits(json, at);
            if (exponent == at)
            {
                return false;
            }

            at = exponent;
        }

        position = at;
        return true;
    }

    private static int Digits(ReadOnlySpan<byte> json, int at)
    {
        while (at < json.Length && char.IsAsciiDigit((char)json[at]))
        {
            at++;
        }

        return at;
    }

    private static bool ScanLiteral(ReadOnlySpan<byte> json, ref int position, ReadOnlySpan<byte> literal)
    {
        if (!json[position..].StartsWith(literal))
        {
            return false;
        }

        position += literal.Length;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhitespace(ReadOnlySpan<byte> json, int position)
    {
        while (position < json.Length && json[position] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            position++;
        }

        return position;
    }
}
