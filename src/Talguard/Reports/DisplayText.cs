using System.Globalization;
using System.Text;

namespace Talguard.Reports;

/// <summary>
/// Text from inputs made fit to show: shortened to a bounded length, and with the characters that would
/// act on a terminal or break a format replaced by visible escapes (<c>\x1b</c>, <c>\u202e</c>), as
/// <c>ls</c> and trivy show them.
/// </summary>
public static class DisplayText
{
    /// <summary>How much of one quoted value a message shows.</summary>
    public const int MaxValueChars = 120;

    /// <summary>Stands for the characters <see cref="Shorten"/> leaves out.</summary>
    public const char Ellipsis = '…';

    /// <summary>
    /// <paramref name="text"/> when it has at most <paramref name="maxChars"/> characters, else its start and
    /// end around <see cref="Ellipsis"/>, <paramref name="maxChars"/> characters in all: the end of a message
    /// usually says what to do, the end of a value often tells values apart (an image tag). A surrogate pair
    /// is never split.
    /// </summary>
    public static string Shorten(string text, int maxChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 3);
        if (text.Length <= maxChars)
        {
            return text;
        }

        var tailLength = (maxChars - 1) / 3;
        var headLength = maxChars - 1 - tailLength;
        if (char.IsHighSurrogate(text[headLength - 1]))
        {
            headLength--;
        }

        var tailStart = text.Length - tailLength;
        if (tailStart < text.Length && char.IsLowSurrogate(text[tailStart]))
        {
            tailStart++;
        }

        return string.Concat(text.AsSpan(0, headLength), Ellipsis.ToString(), text.AsSpan(tailStart));
    }

    /// <summary>A value as a message quotes it: at most <see cref="MaxValueChars"/> characters.</summary>
    public static string Value(string value) => Shorten(value, MaxValueChars);

    /// <summary>
    /// For a terminal: C0 controls (tab and newline included, so a value stays on its line), DEL, C1 controls,
    /// the line and paragraph separators, bidirectional overrides and isolates, U+FFFE/U+FFFF and unpaired surrogates become
    /// visible escapes. The same instance comes back when there is nothing to escape.
    /// </summary>
    public static string ForTerminal(string text) => Escape(text, NeedsTerminalEscape);

    /// <summary>For XML 1.0, which cannot carry most C0 controls, U+FFFE, U+FFFF or unpaired surrogates even as character references.</summary>
    public static string ForXml(string text) => Escape(text, NeedsXmlEscape);

    private static string Escape(string text, Func<string, int, bool> needsEscape)
    {
        var first = 0;
        while (first < text.Length && !needsEscape(text, first))
        {
            first++;
        }

        if (first == text.Length)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (!needsEscape(text, i))
            {
                escaped.Append(c);
            }
            else if (c <= 0xFF)
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }

        return escaped.ToString();
    }

    private static bool NeedsTerminalEscape(string text, int index) => text[index] switch
    {
        < ' ' or (>= '\x7f' and <= '\x9f') => true,
        '\u061c' or '\u200e' or '\u200f' or '\u2028' or '\u2029' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069') => true,

        // Noncharacters: Spectre.Console's width table has no entry for U+FFFF and throws on it.
        '\ufffe' or '\uffff' => true,
        _ => IsUnpairedSurrogate(text, index),
    };

    private static bool NeedsXmlEscape(string text, int index) => text[index] switch
    {
        '\t' or '\n' or '\r' => false,
        < ' ' or '\ufffe' or '\uffff' => true,
        _ => IsUnpairedSurrogate(text, index),
    };

    private static bool IsUnpairedSurrogate(string text, int index)
    {
        var c = text[index];
        if (char.IsHighSurrogate(c))
        {
            return index + 1 >= text.Length || !char.IsLowSurrogate(text[index + 1]);
        }

        return char.IsLowSurrogate(c) && (index == 0 || !char.IsHighSurrogate(text[index - 1]));
    }
}
