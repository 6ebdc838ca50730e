using System.Text;

namespace Talguard.Hardening.AuditLogging.Detection;

/// <summary>A condition that does not parse; the message says where and why.</summary>
internal sealed class ConditionSyntaxException(string message) : Exception(message);

/// <summary>
/// Falco's condition grammar (libsinsp parser): <c>or</c> over <c>and</c> over <c>not</c>, parentheses, macro
/// identifiers, and checks <c>field[arg] op value</c>. Operators may touch their operands (<c>ka.verb=get</c>);
/// values are quoted strings with backslash escapes or bare strings up to a blank, <c>(</c>, <c>)</c>, <c>,</c>,
/// <c>=</c> or a quote.
/// </summary>
internal sealed class ConditionParser
{
    /// <summary>Operators that take a parenthesised list of values.</summary>
    internal static readonly HashSet<string> ListOperators = new(StringComparer.Ordinal) { "in", "intersects", "pmatch" };

    /// <summary>Operators that take one value.</summary>
    internal static readonly HashSet<string> ScalarOperators = new(StringComparer.Ordinal)
    {
        "=", "==", "!=", "<", "<=", ">", ">=", "contains", "icontains", "bcontains", "startswith", "bstartswith",
        "endswith", "glob", "iglob", "regex",
    };

    private static readonly string[] SymbolOperators = ["<=", "<", ">=", ">", "==", "=", "!="];

    private readonly string _text;
    private int _position;

    private ConditionParser(string text) => _text = text;

    public static ConditionSyntax Parse(string text)
    {
        var parser = new ConditionParser(text);
        parser.SkipBlanks();
        if (parser.AtEnd)
        {
            throw new ConditionSyntaxException("the condition is empty");
        }

        var condition = parser.ParseOr();
        parser.SkipBlanks();
        if (!parser.AtEnd)
        {
            throw parser.Error("expected 'and', 'or' or the end of the condition");
        }

        return condition;
    }

    private bool AtEnd => _position >= _text.Length;

    private ConditionSyntax ParseOr()
    {
        var operands = new List<ConditionSyntax> { ParseAnd() };
        while (TryKeyword("or"))
        {
            operands.Add(ParseAnd());
        }

        return operands.Count == 1 ? operands[0] : new OrSyntax(operands);
    }

    private ConditionSyntax ParseAnd()
    {
        var operands = new List<ConditionSyntax> { ParseNot() };
        while (TryKeyword("and"))
        {
            operands.Add(ParseNot());
        }

        return operands.Count == 1 ? operands[0] : new AndSyntax(operands);
    }

    private ConditionSyntax ParseNot() => TryKeyword("not") ? new NotSyntax(ParseNot()) : ParseCheck();

    private ConditionSyntax ParseCheck()
    {
        SkipBlanks();
        if (Peek() == '(')
        {
            _position++;
            var inner = ParseOr();
            SkipBlanks();
            Expect(')', "expected ')'");
            return inner;
        }

        var start = _position;
        var name = ReadName();
        if (name.Length == 0)
        {
            throw Error(AtEnd ? "the condition ends where a check, macro or '(' was expected" : "expected a field, a macro name or '('");
        }

        if (name is "and" or "or" or "not")
        {
            _position = start;
            throw Error($"'{name}' where a check, macro or '(' was expected");
        }

        if (!name.Contains('.', StringComparison.Ordinal))
        {
            if (Peek() == '(')
            {
                _position = start;
                throw Error($"field transformer '{name}(' is not supported");
            }

            return new MacroSyntax(name);
        }

        if (name.EndsWith('.') || name.Contains("..", StringComparison.Ordinal))
        {
            _position = start;
            throw Error($"'{name}' is not a valid field name");
        }

        var argument = Peek() == '[' ? ReadArgument() : null;
        var op = ReadOperator(name);
        if (op == "exists")
        {
            return new CheckSyntax(name, argument, op, []);
        }

        if (ListOperators.Contains(op))
        {
            return new CheckSyntax(name, argument, op, ReadList(op));
        }

        SkipBlanks();
        if (Peek() == '(')
        {
            throw Error($"operator '{op}' takes one value, not a list");
        }

        var value = ReadValue() ?? throw Error($"expected a value after '{op}'");
        return new CheckSyntax(name, argument, op, [value]);
    }

    private string ReadName()
    {
        var start = _position;
        if (AtEnd || !char.IsAsciiLetter(_text[_position]))
        {
            return string.Empty;
        }

        while (!AtEnd && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] is '_' or '.'))
        {
            _position++;
        }

        return _text[start.._position];
    }

    private string ReadArgument()
    {
        _position++;
        string argument;
        if (Peek() is '"' or '\'')
        {
            argument = ReadQuoted();
        }
        else
        {
            var start = _position;
            while (!AtEnd && _text[_position] is not (' ' or '\t' or '\n' or '\r' or '[' or ']' or '"' or '\''))
            {
                _position++;
            }

            argument = _text[start.._position];
        }

        if (argument.Length == 0)
        {
            throw Error("empty field argument '[]'");
        }

        Expect(']', "expected ']' after the field argument");
        return argument;
    }

    private string ReadOperator(string field)
    {
        SkipBlanks();
        foreach (var symbol in SymbolOperators)
        {
            if (string.CompareOrdinal(_text, _position, symbol, 0, symbol.Length) == 0)
            {
                _position += symbol.Length;
                return symbol;
            }
        }

        var start = _position;
        while (!AtEnd && char.IsAsciiLetterLower(_text[_position]))
        {
            _position++;
        }

        var word = _text[start.._position];
        if (word.Length > 0 && (word == "exists" || ListOperators.Contains(word) || ScalarOperators.Contains(word)) && !IdentifierCharAt(_position))
        {
            return word;
        }

        _position = start;
        throw Error(word.Length == 0 ? $"expected an operator after {field}" : $"unknown operator '{word}' after {field}");
    }

    private List<string> ReadList(string op)
    {
        SkipBlanks();
        Expect('(', $"operator '{op}' takes a list of values in parentheses");
        var values = new List<string>();
        SkipBlanks();
        if (Peek() == ')')
        {
            _position++;
            return values;
        }

        while (true)
        {
            SkipBlanks();
            values.Add(ReadValue() ?? throw Error("expected a value in the list"));
            SkipBlanks();
            if (Peek() == ',')
            {
                _position++;
                continue;
            }

            Expect(')', "expected ',' or ')' in the list");
            return values;
        }
    }

    private string? ReadValue()
    {
        SkipBlanks();
        if (Peek() is '"' or '\'')
        {
            return ReadQuoted();
        }

        var start = _position;
        while (!AtEnd && _text[_position] is not (' ' or '\t' or '\n' or '\r' or '(' or ')' or ',' or '=' or '"' or '\''))
        {
            _position++;
        }

        return _position > start ? _text[start.._position] : null;
    }

    private string ReadQuoted()
    {
        var quote = _text[_position++];
        var builder = new StringBuilder();
        while (!AtEnd)
        {
            var c = _text[_position++];
            if (c == quote)
            {
                return builder.ToString();
            }

            if (c == '\\' && !AtEnd)
            {
                var escaped = _text[_position++];
                builder.Append(escaped switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    'b' => '\b',
                    'f' => '\f',
                    _ => escaped,
                });
                continue;
            }

            builder.Append(c);
        }

        throw new ConditionSyntaxException($"unterminated string starting {quote}{Snippet(builder.ToString())}");
    }

    private bool TryKeyword(string keyword)
    {
        SkipBlanks();
        if (string.CompareOrdinal(_text, _position, keyword, 0, keyword.Length) == 0 && !IdentifierCharAt(_position + keyword.Length))
        {
            _position += keyword.Length;
            return true;
        }

        return false;
    }

    private bool IdentifierCharAt(int index) =>
        index < _text.Length && (char.IsAsciiLetterOrDigit(_text[index]) || _text[index] is '_' or '.' or '[');

    private void SkipBlanks()
    {
        while (!AtEnd && _text[_position] is ' ' or '\t' or '\n' or '\r')
        {
            _position++;
        }
    }

    private char Peek() => AtEnd ? '\0' : _text[_position];

    private void Expect(char c, string message)
    {
        SkipBlanks();
        if (Peek() != c)
        {
            throw Error(message);
        }

        _position++;
    }

    private ConditionSyntaxException Error(string message) =>
        new(AtEnd ? $"{message}, at the end" : $"{message}, at '{Snippet(_text[_position..])}'");

    private static string Snippet(string text)
    {
        var flat = string.Join(' ', text.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length > 30 ? flat[..30] + "…" : flat;
    }
}
