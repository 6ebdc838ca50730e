using System.Text;
using System.Text.Json;
using Talguard.Model;

namespace Talguard.Formats;

/// <summary>
/// Reads what <c>talosctl get RESOURCE -o json</c> prints: not an array and not one object per line, but one
/// pretty-printed object per resource and node, concatenated (keys alphabetical, <c>omitempty</c> zero values left
/// out). <c>kubectl get -o json</c> and a bundle's manifest are the one-object case. Every value keeps its line,
/// column and path. Anything else is an <see cref="InputException"/> naming the file and line.
/// </summary>
internal static class TalosctlJsonReader
{
    /// <summary>Nesting talosctl and kubectl output stays far below (a Pod is about 12 deep).</summary>
    private const int MaxDepth = 128;

    /// <summary>Reads the top-level objects of <paramref name="utf8"/>; an empty or blank file holds none (talosctl prints nothing when a node has no such resource).</summary>
    /// <param name="file">The name errors and locations give the file.</param>
    public static IReadOnlyList<TalosctlJsonValue> Read(string file, ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }

        var lines = new LineIndex(utf8);
        var first = utf8.IndexOfAnyExcept((ReadOnlySpan<byte>)" \t\r\n"u8);
        if (first < 0)
        {
            return [];
        }

        if (utf8[first] is not (byte)'{')
        {
            throw new InputException(file, lines.LineOf(first),
                "not talosctl JSON output: expected '{' (collect with talosctl get RESOURCE -o json; YAML output is not read)");
        }

        var roots = new List<TalosctlJsonValue>();
        var stack = new Stack<TalosctlJsonValue>();
        string? key = null;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = MaxDepth });
        try
        {
            while (reader.Read())
            {
                var offset = reader.TokenStartIndex;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        key = reader.GetString()!;
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var container = Create(file, lines, utf8, stack, key, offset,
                            reader.TokenType == JsonTokenType.StartObject ? TalosctlJsonKind.Object : TalosctlJsonKind.Array, string.Empty);
                        stack.Push(container);
                        key = null;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        var done = stack.Pop();
                        if (stack.Count == 0)
                        {
                            roots.Add(done);
                        }

                        break;
                    default:
                        Scalar(file, lines, utf8, stack, key, offset, ref reader);
                        key = null;
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            throw Invalid(file, lines, utf8, stack, ex);
        }

        if (stack.Count > 0)
        {
            throw Truncated(file, stack);
        }

        return roots;
    }

    private static void Scalar(string file, LineIndex lines, ReadOnlySpan<byte> utf8, Stack<TalosctlJsonValue> stack,
        string? key, long offset, ref Utf8JsonReader reader)
    {
        var (kind, text) = reader.TokenType switch
        {
            JsonTokenType.String => (TalosctlJsonKind.String, reader.GetString()!),
            JsonTokenType.Number => (TalosctlJsonKind.Number, Encoding.UTF8.GetString(reader.ValueSpan)),
            JsonTokenType.True => (TalosctlJsonKind.Boolean, "true"),
            JsonTokenType.False => (TalosctlJsonKind.Boolean, "false"),
            _ => (TalosctlJsonKind.Null, "null"),
        };

        if (stack.Count == 0)
        {
            throw new InputException(file, lines.LineOf(offset),
                $"not talosctl JSON output: found {TalosctlJsonValue.KindName(kind)} where a resource object starts");
        }

        Create(file, lines, utf8, stack, key, offset, kind, text);
    }

    /// <summary>A new value, added to the container on top of <paramref name="stack"/> (a top-level object has none).</summary>
    private static TalosctlJsonValue Create(string file, LineIndex lines, ReadOnlySpan<byte> utf8, Stack<TalosctlJsonValue> stack,
        string? key, long offset, TalosctlJsonKind kind, string text)
    {
        var line = lines.LineOf(offset);
        var column = lines.ColumnOf(utf8, offset);
        if (stack.Count == 0)
        {
            if (kind != TalosctlJsonKind.Object)
            {
                throw new InputException(file, line, $"not talosctl JSON output: found {TalosctlJsonValue.KindName(kind)} where a resource object starts");
            }

            return new TalosctlJsonValue(kind, string.Empty, line, column, offset, text);
        }

        var parent = stack.Peek();
        if (parent.Kind == TalosctlJsonKind.Object)
        {
            var value = new TalosctlJsonValue(kind, YamlPath.Child(parent.Path, key!), line, column, offset, text);
            if (!parent.TryAdd(key!, value))
            {
                throw new InputException(file, line, $"duplicate key \"{key}\" in the object at line {parent.Line}");
            }

            return value;
        }

        var item = new TalosctlJsonValue(kind, YamlPath.Item(parent.Path, parent.Items.Count), line, column, offset, text);
        parent.Add(item);
        return item;
    }

    /// <summary>A reader error: at the end of the data inside an open object it is a cut-short file, else bad JSON at its line.</summary>
    private static InputException Invalid(string file, LineIndex lines, ReadOnlySpan<byte> utf8, Stack<TalosctlJsonValue> stack, JsonException ex)
    {
        var line = (int)Math.Min(lines.Count, (ex.LineNumber ?? 0) + 1);
        var offset = Math.Min(utf8.Length, lines.StartOf(line) + (int)Math.Min(utf8.Length, ex.BytePositionInLine ?? 0));
        if (stack.Count > 0 && utf8[offset..].IndexOfAnyExcept((ReadOnlySpan<byte>)" \t\r\n"u8) < 0)
        {
            return Truncated(file, stack);
        }

        return new InputException(file, line, "not valid JSON here (is the file cut short or edited by hand?)");
    }

    private static InputException Truncated(string file, Stack<TalosctlJsonValue> stack)
    {
        var root = stack.Last();
        return new InputException(file, root.Line, "truncated: the object starting here is not closed before the end of the file");
    }

    /// <summary>Line starts of a buffer, so a byte offset maps to a 1-based line and column.</summary>
    private sealed class LineIndex
    {
        private readonly List<int> _starts = [0];

        public LineIndex(ReadOnlySpan<byte> utf8)
        {
            for (var i = utf8.IndexOf((byte)'\n'); i >= 0; i = NextNewline(utf8, i))
            {
                _starts.Add(i + 1);
            }
        }

        /// <summary>How many lines the buffer has (a final newline opens an empty last line).</summary>
        public int Count => _starts.Count;

        public int LineOf(long offset)
        {
            var index = _starts.BinarySearch((int)offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }

        public int StartOf(int line) => _starts[Math.Min(line, _starts.Count) - 1];

        public int ColumnOf(ReadOnlySpan<byte> utf8, long offset)
        {
            var start = StartOf(LineOf(offset));
            return Encoding.UTF8.GetCharCount(utf8[start..(int)offset]) + 1;
        }

        private static int NextNewline(ReadOnlySpan<byte> utf8, int previous)
        {
            var next = utf8[(previous + 1)..].IndexOf((byte)'\n');
            return next < 0 ? -1 : previous + 1 + next;
        }
    }
}
