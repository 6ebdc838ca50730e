using System.Text;

namespace Talguard.Hardening.AuditLogging.Detection;

/// <summary>
/// Falco substitutes lists into condition text before parsing: a list name standing alone between blanks,
/// <c>(</c>, <c>)</c>, <c>,</c> or <c>=</c> becomes its items joined by commas (an item with a blank is quoted),
/// and an empty list takes an adjacent comma with it.
/// </summary>
internal static class ListSubstitution
{
    public static string Apply(string condition, IReadOnlyDictionary<string, List<string>> lists)
    {
        var builder = new StringBuilder(condition.Length);
        var i = 0;
        while (i < condition.Length)
        {
            if (IsDelimiter(condition[i]))
            {
                builder.Append(condition[i++]);
                continue;
            }

            var start = i;
            while (i < condition.Length && !IsDelimiter(condition[i]))
            {
                i++;
            }

            var token = condition[start..i];
            if (!lists.TryGetValue(token, out var items))
            {
                builder.Append(token);
                continue;
            }

            if (items.Count > 0)
            {
                builder.AppendJoin(", ", items.Select(Quote));
                continue;
            }

            var next = i;
            while (next < condition.Length && char.IsWhiteSpace(condition[next]))
            {
                next++;
            }

            if (next < condition.Length && condition[next] == ',')
            {
                i = next + 1;
                continue;
            }

            var end = builder.Length;
            while (end > 0 && char.IsWhiteSpace(builder[end - 1]))
            {
                end--;
            }

            if (end > 0 && builder[end - 1] == ',')
            {
                builder.Length = end - 1;
            }
        }

        return builder.ToString();
    }

    /// <summary>Quotes an item that would not survive as a bare value (blanks, delimiters, quotes, or empty).</summary>
    public static string Quote(string item)
    {
        if (item.Length > 0 && item[0] is '"' or '\'')
        {
            return item;
        }

        if (item.Length > 0 && !item.Any(c => IsDelimiter(c) || c is '"' or '\''))
        {
            return item;
        }

        return "\"" + item.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    private static bool IsDelimiter(char c) => c is ' ' or '\t' or '\n' or '\r' or '(' or ')' or ',' or '=';
}
