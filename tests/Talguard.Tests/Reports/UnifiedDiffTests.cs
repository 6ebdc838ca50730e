using System.Text.RegularExpressions;
using Talguard.Reports;

namespace Talguard.Tests.Reports;

/// <summary>The unified diff of <c>talguard harden --diff</c>: diff -u's layout, a shortest edit script, hunks that apply.</summary>
public partial class UnifiedDiffTests
{
    [Fact]
    public void Equal_texts_give_nothing() => Assert.Equal(string.Empty, UnifiedDiff.Write("a/x", "b/x", "a\nb\n", "a\nb\n"));

    [Fact]
    public void Hunks_have_three_lines_of_context_and_join_when_close()
    {
        var old = string.Concat(Enumerable.Range(1, 20).Select(i => $"{i}\n"));
        var changed = old.Replace("\n5\n", "\nfive\n", StringComparison.Ordinal).Replace("\n11\n", "\n11\neleven\n", StringComparison.Ordinal).Replace("\n19\n", "\n", StringComparison.Ordinal);

        Assert.Equal("""
            --- a/x
            +++ b/merged/x
            @@ -2,13 +2,14 @@
             2
             3
             4
            -5
            +five
             6
             7
             8
             9
             10
             11
            +eleven
             12
             13
             14
            @@ -16,5 +17,4 @@
             16
             17
             18
            -19
             20

            """.Replace("\r", "", StringComparison.Ordinal), UnifiedDiff.Write("a/x", "b/merged/x", old, changed));
    }

    [Fact]
    public void Insertions_into_an_empty_text_start_at_line_zero()
    {
        Assert.Equal("--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n", UnifiedDiff.Write("a", "b", string.Empty, "x\ny\n"));
    }

    [Fact]
    public void Random_texts_get_a_shortest_script_whose_hunks_rebuild_the_new_text()
    {
        var random = new Random(1302);
        for (var round = 0; round < 400; round++)
        {
            var a = RandomLines(random);
            var b = random.Next(3) == 0 ? RandomLines(random) : Mutate(random, a);
            var diff = UnifiedDiff.Write("a", "b", Text(a), Text(b));

            Assert.Equal(Text(b), Text(Apply(a, diff)));
            var changed = diff.Split('\n').Skip(2).Count(l => l.StartsWith('+') || l.StartsWith('-'));
            Assert.Equal(a.Count + b.Count - (2 * LongestCommonSubsequence(a, b)), changed);
        }
    }

    private static List<string> RandomLines(Random random) => [.. Enumerable.Range(0, random.Next(0, 30)).Select(_ => ((char)('a' + random.Next(4))).ToString())];

    private static List<string> Mutate(Random random, List<string> lines)
    {
        var copy = lines.ToList();
        for (var i = random.Next(1, 5); i > 0; i--)
        {
            if (copy.Count > 0 && random.Next(2) == 0)
            {
                copy.RemoveAt(random.Next(copy.Count));
            }
            else
            {
                copy.Insert(random.Next(copy.Count + 1), ((char)('a' + random.Next(6))).ToString());
            }
        }

        return copy;
    }

    private static string Text(List<string> lines) => string.Concat(lines.Select(l => l + "\n"));

    private static int LongestCommonSubsequence(List<string> a, List<string> b)
    {
        var table = new int[a.Count + 1, b.Count + 1];
        for (var i = 1; i <= a.Count; i++)
        {
            for (var j = 1; j <= b.Count; j++)
            {
                table[i, j] = a[i - 1] == b[j - 1] ? table[i - 1, j - 1] + 1 : Math.Max(table[i - 1, j], table[i, j - 1]);
            }
        }

        return table[a.Count, b.Count];
    }

    /// <summary>Applies the hunks as <c>patch</c> would, checking that every context and removed line is where the header says.</summary>
    private static List<string> Apply(List<string> old, string diff)
    {
        var result = new List<string>();
        var next = 0;
        var lines = diff.Length == 0 ? [] : diff.TrimEnd('\n').Split('\n').Skip(2).ToList();
        foreach (var line in lines)
        {
            var header = HunkHeader().Match(line);
            if (header.Success)
            {
                var start = int.Parse(header.Groups["start"].Value, System.Globalization.CultureInfo.InvariantCulture);
                var count = header.Groups["count"].Success ? int.Parse(header.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;
                var index = count == 0 ? start : start - 1;
                result.AddRange(old.Skip(next).Take(index - next));
                next = index;
                continue;
            }

            switch (line[0])
            {
                case ' ':
                    Assert.Equal(old[next], line[1..]);
                    result.Add(line[1..]);
                    next++;
                    break;
                case '-':
                    Assert.Equal(old[next], line[1..]);
                    next++;
                    break;
                default:
                    Assert.Equal('+', line[0]);
                    result.Add(line[1..]);
                    break;
            }
        }

        result.AddRange(old.Skip(next));
        return result;
    }

    [GeneratedRegex(@"^@@ -(?<start>\d+)(,(?<count>\d+))? \+\d+(,\d+)? @@$")]
    private static partial Regex HunkHeader();
}
