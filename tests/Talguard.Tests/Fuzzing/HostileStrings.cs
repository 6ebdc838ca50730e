using System.Text;

namespace Talguard.Tests.Fuzzing;

/// <summary>
/// Text that breaks naive writers: C0/C1 controls, characters XML forbids, lone surrogates, bidi overrides,
/// terminal escapes, Spectre markup, XML/JSON metacharacters, and very long runs.
/// </summary>
internal static class HostileStrings
{
    private static readonly string[] Pieces =
    [
        "\0", "\u0001", "\u0007", "\b", "\t", "\n", "\r", "\r\n", "\u000b", "\u000c", "\u001b", "\u001b[2J\u001b[31m", "\u001b]0;title\u0007", "\u007f",
        "\u0085", "\u009b", "\u00a0", "\u2028", "\u2029", "\u202e", "\u202d", "\u2066", "\u200b", "\ufeff", "\ufffe", "\uffff", "\ud800", "\udc00",
        "\udbff\udfff", "😀", "\u0301", "漢字", "[red]", "[/]", "[", "]", "[[", "]]", "[link=http://x]", "{0}", "{", "}", "<", ">", "&", "&amp;",
        "]]>", "<![CDATA[", "\"", "'", "\\", "\\u0000", "%s", "$(id)", "|", "─", "TG-PSS-006", "/", "../", "C:\\x", "*", "?",
    ];

    public static string Next(Random random)
    {
        var builder = new StringBuilder();
        var parts = random.Next(1, 8);
        for (var i = 0; i < parts; i++)
        {
            switch (random.Next(10))
            {
                case 0:
                    builder.Append(random.Next(5) == 0 ? 'x' : (char)random.Next(0x20, 0x7F), random.Next(1, random.Next(50) == 0 ? 100_000 : 300));
                    break;
                case 1:
                    builder.Append((char)random.Next(0x10000));
                    break;
                default:
                    builder.Append(Pieces[random.Next(Pieces.Length)]);
                    break;
            }
        }

        return builder.ToString();
    }
}
