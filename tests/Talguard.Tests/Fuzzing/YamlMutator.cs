using System.Text;

namespace Talguard.Tests.Fuzzing;

/// <summary>
/// Mutates real YAML inputs the way hostile or broken files differ from good ones: byte flips, truncation,
/// splicing lines of another input, indentation changes, and inserted YAML constructs (anchors, aliases, merge
/// keys, tags, BOMs, control characters, huge numbers, deep nesting, document markers, hostile strings).
/// </summary>
internal static class YamlMutator
{
    /// <summary>Tokens inserted at a random place in a line.</summary>
    private static readonly string[] Tokens =
    [
        "&f1 ", "&f2 ", "*f1", "*f2", "<<: *f1", "<<: [*f1, *f2]", "<<: {privileged: true}", "<<: ", "!!str ", "!!int ", "!!bool ", "!!binary ",
        "!!map ", "!!seq ", "!!null ", "!!float ", "!custom ", "!<tag:yaml.org,2002:str> ", "\uFEFF", "\u0001", "\u0007", "\u001b[31m", "\u007f",
        "\u0085", "\u2028", "\u202e", "\"\\uD800\"", "\"\\uDC00x\"", "\"\\uD800\\u005D\"", "\"\\uD83D\\uDE00\"", "\t", "\r", "\r\n", "99999999999999999999999999999", "0o77777777777777777777777", "0777777777777777777777777",
        "0x7FFFFFFFFFFFFFFFFFFF", "-9223372036854775809", "1e99999", "-.inf", ".nan", "0b1111", "1_000", "{", "}", "[", "]", "? ", "- ", "|", ">-", ": ",
        "---\n", "...\n", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "'", "\"", "\"\\u0000\"", "\"\\xff\"", "# talguard:ignore TG-PSS-006 fuzz", "#", ",",
        "[red]", "[/]", "]]>", "<x>&amp;", "~", "null", "true", "yes", "on", "=", "`",
    ];

    private static readonly string[] HostileValues =
    [
        "99999999999999999999999999999", "-1", "0", "2147483648", "0o1777777777777777777777", "1e400", ".inf", "!!binary AAAA", "*f1", "&f1 {}",
        "{}", "[]", "null", "~", "\"\"", "''", "\"\\u202e[red]x\\u0007\"", "!!str 0x10", "yes", "NO", "[*f1, *f2]", "{<<: *f1}",
    ];

    public static string Mutate(Random random, string seed, string other)
    {
        var text = seed;
        var rounds = 1 + random.Next(4);
        for (var r = 0; r < rounds; r++)
        {
            text = MutateOnce(random, text, other);
        }

        return text;
    }

    private static string MutateOnce(Random random, string text, string other)
    {
        if (text.Length == 0)
        {
            return other;
        }

        switch (random.Next(12))
        {
            case 0:
                return FlipByte(random, text);
            case 1:
                return text[..random.Next(text.Length)];
            case 2:
                return Splice(random, text, other);
            case 3:
                return Reindent(random, text);
            case 4:
            case 5:
                return InsertToken(random, text);
            case 6:
                return ReplaceValue(random, text);
            case 7:
                return AnchorAndAlias(random, text);
            case 8:
                return DeepNesting(random, text);
            case 9:
                return DropOrRepeatLines(random, text);
            case 10:
                return random.Next(3) switch
                {
                    0 => "\uFEFF" + text,
                    1 => text.Replace("\n", "\r\n", StringComparison.Ordinal),
                    _ => text + "\n---\n" + other,
                };
            default:
                return InsertString(random, text, AsFileText(HostileStrings.Next(random)));
        }
    }

    private static string FlipByte(Random random, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        // Invalid UTF-8 comes out as U+FFFD here; the byte-level targets feed bytes to the decoder themselves.
        return Encoding.UTF8.GetString(bytes);
    }

    private static string Splice(Random random, string text, string other)
    {
        var lines = Lines(text);
        var donor = Lines(other);
        var from = random.Next(donor.Count);
        var take = Math.Min(donor.Count - from, 1 + random.Next(12));
        lines.InsertRange(random.Next(lines.Count + 1), donor.GetRange(from, take));
        return string.Join('\n', lines);
    }

    private static string Reindent(Random random, string text)
    {
        var lines = Lines(text);
        var at = random.Next(lines.Count);
        var line = lines[at];
        var indent = line.Length - line.TrimStart(' ').Length;
        lines[at] = random.Next(4) switch
        {
            0 => new string(' ', indent + 1 + random.Next(4)) + line.TrimStart(' '),
            1 => line[Math.Min(indent, 1 + random.Next(4))..],
            2 => "\t" + line.TrimStart(' '),
            _ => line.TrimStart(' '),
        };
        return string.Join('\n', lines);
    }

    private static string InsertToken(Random random, string text) => InsertString(random, text, Tokens[random.Next(Tokens.Length)]);

    private static string InsertString(Random random, string text, string token)
    {
        var at = random.Next(text.Length + 1);
        return string.Concat(text.AsSpan(0, at), token, text.AsSpan(at));
    }

    /// <summary>Replaces the value of a <c>key: value</c> line.</summary>
    private static string ReplaceValue(Random random, string text)
    {
        var lines = Lines(text);
        var at = random.Next(lines.Count);
        var colon = lines[at].IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0)
        {
            return InsertToken(random, text);
        }

        var value = random.Next(3) == 0 ? AsFileText(HostileStrings.Next(random)).Replace("\n", " ", StringComparison.Ordinal) : HostileValues[random.Next(HostileValues.Length)];
        lines[at] = lines[at][..(colon + 2)] + value;
        return string.Join('\n', lines);
    }

    /// <summary>Anchors a key's value and refers to it (plain alias or merge key) on a later line at the same indentation.</summary>
    private static string AnchorAndAlias(Random random, string text)
    {
        var lines = Lines(text);
        var at = random.Next(lines.Count);
        var colon = lines[at].IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return InsertToken(random, text);
        }

        var name = "m" + random.Next(3).ToString(System.Globalization.CultureInfo.InvariantCulture);
        lines[at] = lines[at][..(colon + 1)] + " &" + name + lines[at][(colon + 1)..];
        var indent = new string(' ', lines[at].Length - lines[at].TrimStart(' ').Length);
        var reference = random.Next(3) switch
        {
            0 => indent + "<<: *" + name,
            1 => indent + "copy" + random.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture) + ": *" + name,
            _ => indent + "- *" + name,
        };
        lines.Insert(at + 1 + random.Next(lines.Count - at), reference);
        return string.Join('\n', lines);
    }

    private static string DeepNesting(Random random, string text)
    {
        var depth = random.Next(2) == 0 ? random.Next(1, 40) : random.Next(200, 400);
        var nested = random.Next(3) switch
        {
            0 => new string('[', depth) + new string(']', depth),
            1 => string.Concat(Enumerable.Repeat("{a: ", depth)) + "1" + new string('}', depth),
            _ => string.Concat(Enumerable.Range(0, depth).Select(d => "\n" + new string(' ', d + 1) + "k:")) + " 1",
        };
        var lines = Lines(text);
        var at = random.Next(lines.Count);
        lines[at] = lines[at].TrimEnd() + (lines[at].TrimEnd().EndsWith(':') ? " " : string.Empty) + nested;
        return string.Join('\n', lines);
    }

    private static string DropOrRepeatLines(Random random, string text)
    {
        var lines = Lines(text);
        var at = random.Next(lines.Count);
        var length = Math.Min(lines.Count - at, 1 + random.Next(6));
        if (random.Next(2) == 0)
        {
            lines.RemoveRange(at, length);
        }
        else
        {
            lines.InsertRange(at, lines.GetRange(at, length));
        }

        return string.Join('\n', lines);
    }

    /// <summary>
    /// A lone surrogate cannot come out of a UTF-8 file (the loader decodes strictly), so it is written as the
    /// <c>\\uD800</c> escape a hostile file would use instead.
    /// </summary>
    private static string AsFileText(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogatePair(text, i))
            {
                builder.Append(text, i++, 2);
            }
            else if (char.IsSurrogate(text[i]))
            {
                builder.Append("\\u").Append(((int)text[i]).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }

    private static List<string> Lines(string text) => [.. text.Split('\n')];
}
