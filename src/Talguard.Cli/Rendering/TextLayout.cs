using System.Text;

namespace Talguard.Cli.Rendering;

/// <summary>
/// Lays text out in a terminal's columns the way compiler diagnostics do: lines break at spaces only, so a word,
/// a file name or a YAML path is never cut; one longer than the line gets a line of its own and runs past the edge,
/// where a terminal's own wrapping keeps it whole and a copy still pastes it intact.
/// </summary>
public static class TextLayout
{
    /// <summary>
    /// <paramref name="text"/> in lines of at most <paramref name="width"/> columns where the words allow: the first
    /// line starts with <paramref name="firstIndent"/>, the others with <paramref name="nextIndent"/>. Runs of spaces
    /// collapse to one.
    /// </summary>
    public static IEnumerable<string> Wrap(string text, int width, string firstIndent, string nextIndent)
    {
        var line = new StringBuilder(firstIndent);
        var lineColumns = Columns(firstIndent);
        var empty = true;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var wordColumns = Columns(word);
            if (!empty && lineColumns + 1 + wordColumns > width)
            {
                yield return line.ToString();
                line.Clear().Append(nextIndent);
                lineColumns = Columns(nextIndent);
                empty = true;
            }

            if (!empty)
            {
                line.Append(' ');
                lineColumns++;
            }

            line.Append(word);
            lineColumns += wordColumns;
            empty = false;
        }

        yield return line.ToString();
    }

    /// <summary>
    /// Items that must each stay whole (a place, an object, a YAML path), two spaces apart on one line while they
    /// fit, each further one on a line of its own under <paramref name="nextIndent"/> (spaces only).
    /// </summary>
    public static IEnumerable<string> Pack(IEnumerable<string> items, int width, string firstIndent, string nextIndent)
    {
        var line = new StringBuilder(firstIndent);
        var lineColumns = Columns(firstIndent);
        var empty = true;
        foreach (var item in items)
        {
            var itemColumns = Columns(item);
            if (!empty && lineColumns + 2 + itemColumns > width)
            {
                yield return line.ToString();

                // An item too long for its indent moves left as far as it must to fit, so a long path still fits when it can.
                var indent = Math.Max(0, Math.Min(Columns(nextIndent), width - itemColumns));
                line.Clear().Append(' ', indent);
                lineColumns = indent;
                empty = true;
            }

            if (!empty)
            {
                line.Append("  ");
                lineColumns += 2;
            }

            line.Append(item);
            lineColumns += itemColumns;
            empty = false;
        }

        if (!empty)
        {
            yield return line.ToString();
        }
    }

    /// <summary>
    /// Terminal columns <paramref name="text"/> takes: East Asian wide and fullwidth characters take two, combining
    /// marks none, the rest one (the escaped text a report shows has no control characters left).
    /// </summary>
    public static int Columns(string text)
    {
        var columns = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            columns += RuneColumns(rune.Value);
        }

        return columns;
    }

    private static int RuneColumns(int value) => value switch
    {
        >= 0x0300 and <= 0x036F => 0,
        >= 0x200B and <= 0x200D => 0,
        >= 0x1100 and <= 0x115F => 2,
        >= 0x2E80 and <= 0xA4CF => 2,
        >= 0xAC00 and <= 0xD7A3 => 2,
        >= 0xF900 and <= 0xFAFF => 2,
        >= 0xFE30 and <= 0xFE4F => 2,
        >= 0xFF00 and <= 0xFF60 => 2,
        >= 0xFFE0 and <= 0xFFE6 => 2,
        >= 0x1F300 and <= 0x1FAFF => 2,
        >= 0x20000 and <= 0x3FFFD => 2,
        _ => 1,
    };
}
