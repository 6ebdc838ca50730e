using System.Globalization;
using System.Text;

namespace Talguard.Hardening.PodSecurity;

/// <summary>The phrasing helpers upstream's messages are built from (quoting, plurals, byte-wise sorting).</summary>
internal static class Messages
{
    /// <summary>Sorts as Go sorts strings: by UTF-8 bytes, which for UTF-16 means surrogates after the rest of the BMP.</summary>
    public static readonly IComparer<string> Utf8Order = Comparer<string>.Create(CompareUtf8);

    public static string Plural(string singular, string plural, int count) => count == 1 ? singular : plural;

    /// <summary><c>"a", "b"</c>: items in double quotes, inner quotes left as they are.</summary>
    public static string JoinQuote(IEnumerable<string> items)
    {
        var builder = new StringBuilder();
        foreach (var item in items)
        {
            builder.Append(builder.Length == 0 ? "\"" : "\", \"").Append(item);
        }

        return builder.Length == 0 ? string.Empty : builder.Append('"').ToString();
    }

    /// <summary><c>container "a"</c> / <c>containers "a", "b"</c>.</summary>
    public static string Containers(IReadOnlyCollection<string> names) =>
        Plural("container", "containers", names.Count) + " " + JoinQuote(names);

    /// <summary><c>pod</c>, <c>container(s) "a"</c>, or both joined by <c> and </c>: who set a forbidden value.</summary>
    public static string Setters(bool pod, List<string>? containers) =>
        containers is null ? "pod" : pod ? "pod and " + Containers(containers) : Containers(containers);

    /// <summary>Distinct values in byte-wise order (upstream's string sets).</summary>
    public static List<string> SortedSet(IEnumerable<string> values)
    {
        var set = new List<string>(new HashSet<string>(values, StringComparer.Ordinal));
        set.Sort(Utf8Order);
        return set;
    }

    /// <summary>A string as Go's <c>%q</c> writes it.</summary>
    public static string GoQuote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\a':
                    builder.Append("\\a");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\v':
                    builder.Append("\\v");
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        builder.Append(c).Append(value[++i]);
                    }
                    else if (c < 0x20 || c == 0x7f)
                    {
                        builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else if (c >= 0x80 && !IsPrintable(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    private static bool IsPrintable(char c) => CharUnicodeInfo.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => false,
        UnicodeCategory.SpaceSeparator => c == ' ',
        _ => true,
    };

    private static int CompareUtf8(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }

        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] != b[i])
            {
                return Weight(a[i]).CompareTo(Weight(b[i]));
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private static int Weight(char c) => char.IsSurrogate(c) ? c + 0x10000 : c;
}
