using System.Text;

namespace Talguard.Hardening.AuditLogging.Detection;

/// <summary>
/// A rule's output with its <c>%field</c>, <c>%field[arg]</c> and <c>%(field)</c> references bound once; the
/// longest known field name wins (<c>%ka.target.name/</c> is <c>ka.target.name</c> then <c>/</c>).
/// </summary>
internal sealed class OutputTemplate
{
    private readonly object[] _parts;

    private OutputTemplate(object[] parts, BoundField[] fields)
    {
        _parts = parts;
        Fields = fields;
    }

    public IReadOnlyList<BoundField> Fields { get; }

    public static OutputTemplate Compile(string output, FieldBinder binder)
    {
        var parts = new List<object>();
        var fields = new List<BoundField>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < output.Length)
        {
            if (output[i] != '%' || i + 1 >= output.Length)
            {
                literal.Append(output[i++]);
                continue;
            }

            var parenthesised = output[i + 1] == '(';
            var start = i + (parenthesised ? 2 : 1);
            var end = start;
            while (end < output.Length && (char.IsAsciiLetterOrDigit(output[end]) || output[end] is '_' or '.'))
            {
                end++;
            }

            var name = LongestField(output[start..end]) ??
                throw new ConditionCompileException($"output: unknown field %{output[start..end]}");
            end = start + name.Length;
            string? argument = null;
            if (end < output.Length && output[end] == '[' && AuditFields.All[name].Argument != FieldArgumentKind.None)
            {
                var close = output.IndexOf(']', end);
                if (close < 0)
                {
                    throw new ConditionCompileException($"output: %{name}[ has no closing ']'");
                }

                argument = output[(end + 1)..close];
                end = close + 1;
            }

            if (parenthesised)
            {
                if (end >= output.Length || output[end] != ')')
                {
                    throw new ConditionCompileException($"output: %({name} has no closing ')'");
                }

                end++;
            }

            if (literal.Length > 0)
            {
                parts.Add(literal.ToString());
                literal.Clear();
            }

            var field = binder.Bind(name, argument);
            parts.Add(field);
            if (!fields.Contains(field))
            {
                fields.Add(field);
            }

            i = end;
        }

        if (literal.Length > 0)
        {
            parts.Add(literal.ToString());
        }

        return new OutputTemplate([.. parts], [.. fields]);
    }

    public string Format(EventFields evt)
    {
        var builder = new StringBuilder();
        foreach (var part in _parts)
        {
            builder.Append(part as string ?? evt.Get((BoundField)part).Display());
        }

        return builder.ToString();
    }

    private static string? LongestField(string run)
    {
        for (var length = run.Length; length > 0; length--)
        {
            if ((length == run.Length || run[length] == '.') && FieldBinder.IsKnown(run[..length]))
            {
                return run[..length];
            }
        }

        return null;
    }
}
