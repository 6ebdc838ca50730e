using System.Text;
using System.Text.Json;
using Talguard.Model;
using Talguard.Model.Talos.Patching;

namespace Talguard.Evidence.Adapters;

/// <summary>
/// A file of talosctl JSON (one pretty-printed object per node and resource, concatenated) read into the project's YAML
/// nodes with the position of every value in the file, so rules that judge evidence report the bundle file and line.
/// JSON strings become quoted scalars and numbers, booleans and null plain ones: they read back exactly as typed.
/// </summary>
internal sealed class LocatedJsonFile
{
    private readonly byte[] _bytes;
    private readonly int[] _lineStarts;

    private LocatedJsonFile(string displayPath, byte[] bytes, IReadOnlyList<YamlNode> objects, int[] lineStarts)
    {
        DisplayPath = displayPath;
        _bytes = bytes;
        Objects = objects;
        _lineStarts = lineStarts;
    }

    /// <summary>The path reports show: the bundle directory as given, then <c>talos/&lt;resource&gt;.json</c>.</summary>
    public string DisplayPath { get; }

    /// <summary>The top-level values in file order (index = the document index of findings in this file).</summary>
    public IReadOnlyList<YamlNode> Objects { get; }

    /// <exception cref="InputException">The file is not a sequence of JSON values.</exception>
    public static LocatedJsonFile Parse(string displayPath, byte[] bytes)
    {
        var lineStarts = LineStarts(bytes);
        var file = new LocatedJsonFile(displayPath, bytes, [], lineStarts);
        var objects = new List<YamlNode>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                objects.Add(file.ReadValue(ref reader, new DocumentSource(displayPath, objects.Count)));
            }
        }
        catch (JsonException ex)
        {
            throw new InputException(displayPath, (int)(ex.LineNumber ?? 0) + 1, "not talosctl JSON output: " + FirstSentence(ex.Message));
        }

        return new LocatedJsonFile(displayPath, bytes, objects, lineStarts);
    }

    /// <summary>The position of byte <paramref name="offset"/>: 1-based line and column (in characters), and the byte offset.</summary>
    public SourceMark MarkAt(long offset)
    {
        var line = Array.BinarySearch(_lineStarts, (int)offset);
        line = line >= 0 ? line : ~line - 1;
        var column = 1;
        for (var i = _lineStarts[line]; i < offset; i++)
        {
            // UTF-8 continuation bytes belong to the character before them.
            column += (_bytes[i] & 0xC0) == 0x80 ? 0 : 1;
        }

        return new SourceMark(line + 1, column, offset);
    }

    /// <summary>
    /// The text of the JSON string whose content starts at byte <paramref name="contentStart"/> (just after the opening
    /// quote), and for each character of it the byte offset in the file it was written at, so a position inside the
    /// text (a machine config's YAML) maps back to the bundle.
    /// </summary>
    public (string Text, int[] ByteOffsets) DecodeString(long contentStart)
    {
        var text = new StringBuilder();
        var offsets = new List<int>();
        var i = (int)contentStart;
        while (i < _bytes.Length && _bytes[i] != (byte)'"')
        {
            var start = i;
            if (_bytes[i] == (byte)'\\')
            {
                var escape = (char)_bytes[i + 1];
                i += 2;
                if (escape == 'u')
                {
                    text.Append((char)Convert.ToInt32(Encoding.ASCII.GetString(_bytes, i, 4), 16));
                    i += 4;
                }
                else
                {
                    text.Append(escape switch { 'n' => '\n', 't' => '\t', 'r' => '\r', 'b' => '\b', 'f' => '\f', _ => escape });
                }

                offsets.Add(start);
                continue;
            }

            var length = (_bytes[i] & 0x80) == 0 ? 1 : (_bytes[i] & 0xE0) == 0xC0 ? 2 : (_bytes[i] & 0xF0) == 0xE0 ? 3 : 4;
            var chars = Encoding.UTF8.GetString(_bytes, i, Math.Min(length, _bytes.Length - i));
            text.Append(chars);
            offsets.AddRange(Enumerable.Repeat(start, chars.Length));
            i += length;
        }

        offsets.Add(i);
        return (text.ToString(), [.. offsets]);
    }

    private YamlNode ReadValue(ref Utf8JsonReader reader, DocumentSource source)
    {
        var start = MarkAt(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var map = new YamlNode(YamlNodeType.Mapping, start, null) { Origin = source };
                var entries = new List<KeyValuePair<YamlNode, YamlNode>>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = new YamlNode(YamlNodeType.Scalar, MarkAt(reader.TokenStartIndex), null) { Value = reader.GetString() ?? string.Empty, Origin = source };
                    reader.Read();
                    var value = ReadValue(ref reader, source);
                    map.AdoptEntry(key, value);
                    entries.Add(new(key, value));
                }

                map.SetEntries([.. entries]);
                return map;
            case JsonTokenType.StartArray:
                var list = new YamlNode(YamlNodeType.Sequence, start, null) { Origin = source };
                var items = new List<YamlNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var item = ReadValue(ref reader, source);
                    list.AdoptItem(item, items.Count);
                    items.Add(item);
                }

                list.SetItems([.. items]);
                return list;
            case JsonTokenType.String:
                return new YamlNode(YamlNodeType.Scalar, start, null) { Value = reader.GetString() ?? string.Empty, Origin = source };
            case JsonTokenType.Null:
                return new YamlNode(YamlNodeType.Scalar, start, null) { Value = "null", IsPlain = true, Origin = source };
            default:
                return new YamlNode(YamlNodeType.Scalar, start, null) { Value = Encoding.UTF8.GetString(reader.ValueSpan), IsPlain = true, Origin = source };
        }
    }

    private static int[] LineStarts(byte[] bytes)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }
}
