using System.Text;
using Talguard.Model;

namespace Talguard.Evidence.Adapters;

/// <summary>
/// Positions in the bytes of a bundle file: the line and column of a byte offset, and the text of a JSON string with
/// the byte each of its characters was written at. A machine config is one JSON string in <c>machineconfig.json</c>;
/// this is how a place inside its YAML maps back to the bundle.
/// </summary>
internal sealed class JsonTextPositions
{
    private readonly byte[] _bytes;
    private readonly int[] _lineStarts;

    /// <param name="bytes">The file as read (a UTF-8 byte order mark is skipped, as the framing reader skips it).</param>
    public JsonTextPositions(byte[] bytes)
    {
        _bytes = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;
        _lineStarts = LineStarts(_bytes);
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
}
