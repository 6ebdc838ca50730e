using System.Globalization;
using System.Text;

namespace Talguard.Reports;

/// <summary>
/// A unified diff of two texts, line by line, as <c>diff -u</c> writes it: the shortest edit script by Myers's
/// O((N+M)D) algorithm, hunks with <see cref="DefaultContext"/> lines of context on each side, changes closer than
/// twice that joined into one hunk. Equal texts give the empty string.
/// </summary>
internal static class UnifiedDiff
{
    public const int DefaultContext = 3;

    private enum EditKind
    {
        Equal,
        Delete,
        Insert,
    }

    /// <summary>One step of the edit script; <see cref="OldIndex"/> and <see cref="NewIndex"/> are the positions before it.</summary>
    private readonly record struct Edit(EditKind Kind, int OldIndex, int NewIndex);

    public static string Write(string oldName, string newName, string oldText, string newText, int context = DefaultContext)
    {
        var oldLines = Lines(oldText);
        var newLines = Lines(newText);
        var edits = Script(oldLines, newLines);
        if (edits.All(e => e.Kind == EditKind.Equal))
        {
            return string.Empty;
        }

        var output = new StringBuilder()
            .Append("--- ").Append(oldName).Append('\n')
            .Append("+++ ").Append(newName).Append('\n');
        foreach (var (first, last) in Hunks(edits, context))
        {
            WriteHunk(output, edits, first, last, oldLines, newLines);
        }

        return output.ToString();
    }

    /// <summary>The lines of a text; a final line break ends the last line rather than starting an empty one.</summary>
    private static string[] Lines(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var lines = text.Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    /// <summary>
    /// The shortest edit script turning <paramref name="a"/> into <paramref name="b"/>: for each edit distance d, the
    /// furthest-reaching path on every diagonal k, kept per d so the path can be walked back from the end.
    /// </summary>
    private static List<Edit> Script(string[] a, string[] b)
    {
        var (codesA, codesB) = Codes(a, b);
        int n = a.Length, m = b.Length, max = n + m, offset = max + 1;
        var furthest = new int[(2 * max) + 3];
        var trace = new List<int[]>();
        var distance = 0;
        for (var d = 0; d <= max; d++)
        {
            trace.Add((int[])furthest.Clone());
            var reached = false;
            for (var k = -d; k <= d && !reached; k += 2)
            {
                var x = k == -d || (k != d && furthest[offset + k - 1] < furthest[offset + k + 1])
                    ? furthest[offset + k + 1]
                    : furthest[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && codesA[x] == codesB[y])
                {
                    x++;
                    y++;
                }

                furthest[offset + k] = x;
                reached = x >= n && y >= m;
            }

            if (reached)
            {
                distance = d;
                break;
            }
        }

        var edits = new List<Edit>();
        int px = n, py = m;
        for (var d = distance; d > 0; d--)
        {
            var previous = trace[d];
            var k = px - py;
            var previousK = k == -d || (k != d && previous[offset + k - 1] < previous[offset + k + 1]) ? k + 1 : k - 1;
            var previousX = previous[offset + previousK];
            var previousY = previousX - previousK;
            while (px > previousX && py > previousY)
            {
                px--;
                py--;
                edits.Add(new(EditKind.Equal, px, py));
            }

            if (px == previousX)
            {
                py--;
                edits.Add(new(EditKind.Insert, px, py));
            }
            else
            {
                px--;
                edits.Add(new(EditKind.Delete, px, py));
            }
        }

        while (px > 0 && py > 0)
        {
            px--;
            py--;
            edits.Add(new(EditKind.Equal, px, py));
        }

        edits.Reverse();
        return edits;
    }

    /// <summary>Each distinct line as a small integer, so the search compares numbers rather than strings.</summary>
    private static (int[] A, int[] B) Codes(string[] a, string[] b)
    {
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        int Code(string line)
        {
            if (!codes.TryGetValue(line, out var code))
            {
                code = codes.Count;
                codes[line] = code;
            }

            return code;
        }

        return ([.. a.Select(Code)], [.. b.Select(Code)]);
    }

    /// <summary>Ranges of the edit script (first and last edit, inclusive) shown as one hunk each.</summary>
    private static List<(int First, int Last)> Hunks(List<Edit> edits, int context)
    {
        var hunks = new List<(int First, int Last)>();
        var changes = Enumerable.Range(0, edits.Count).Where(i => edits[i].Kind != EditKind.Equal).ToList();
        var start = 0;
        while (start < changes.Count)
        {
            var end = start;
            while (end + 1 < changes.Count && changes[end + 1] - changes[end] - 1 <= 2 * context)
            {
                end++;
            }

            hunks.Add((Math.Max(0, changes[start] - context), Math.Min(edits.Count - 1, changes[end] + context)));
            start = end + 1;
        }

        return hunks;
    }

    private static void WriteHunk(StringBuilder output, List<Edit> edits, int first, int last, string[] oldLines, string[] newLines)
    {
        var oldCount = 0;
        var newCount = 0;
        for (var i = first; i <= last; i++)
        {
            oldCount += edits[i].Kind == EditKind.Insert ? 0 : 1;
            newCount += edits[i].Kind == EditKind.Delete ? 0 : 1;
        }

        output.Append("@@ -").Append(Range(edits[first].OldIndex, oldCount)).Append(" +").Append(Range(edits[first].NewIndex, newCount)).Append(" @@\n");
        for (var i = first; i <= last; i++)
        {
            var edit = edits[i];
            _ = edit.Kind switch
            {
                EditKind.Equal => output.Append(' ').Append(oldLines[edit.OldIndex]),
                EditKind.Delete => output.Append('-').Append(oldLines[edit.OldIndex]),
                _ => output.Append('+').Append(newLines[edit.NewIndex]),
            };
            output.Append('\n');
        }
    }

    /// <summary>A hunk's range as <c>diff -u</c> writes it: 1-based start, the count unless it is 1; an empty range starts at the line before.</summary>
    private static string Range(int index, int count) => count switch
    {
        0 => index.ToString(CultureInfo.InvariantCulture) + ",0",
        1 => (index + 1).ToString(CultureInfo.InvariantCulture),
        _ => string.Create(CultureInfo.InvariantCulture, $"{index + 1},{count}"),
    };
}
