using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Talguard.Hardening.AuditLogging.Detection;

/// <summary>A condition that parses but cannot be compiled (unknown field, wrong operator, undefined macro).</summary>
internal sealed class ConditionCompileException(string message, string? macro = null) : Exception(message)
{
    /// <summary>The macro whose text holds the problem, when it is not the rule's own condition.</summary>
    public string? Macro { get; } = macro;
}

/// <summary>A parsed macro and its place in load order: a macro may use only macros defined before it.</summary>
internal sealed record MacroEntry(string Name, ConditionSyntax Syntax, int Order);

/// <summary>Gives each distinct field use (name and argument) one slot in the per-event cache.</summary>
internal sealed class FieldBinder
{
    private readonly Dictionary<string, BoundField> _bound = new(StringComparer.Ordinal);

    public int SlotCount => _bound.Count;

    public IEnumerable<BoundField> Fields => _bound.Values;

    public static bool IsKnown(string name) => AuditFields.All.ContainsKey(name);

    public BoundField Bind(string name, string? argument)
    {
        if (!AuditFields.All.TryGetValue(name, out var definition))
        {
            throw new ConditionCompileException($"unknown field {name}");
        }

        var text = argument is null ? name : $"{name}[{argument}]";
        if (_bound.TryGetValue(text, out var existing))
        {
            return existing;
        }

        var parsed = definition.Argument switch
        {
            FieldArgumentKind.None when argument is not null => throw new ConditionCompileException($"field {name} takes no argument"),
            FieldArgumentKind.None => FieldArgument.None,
            FieldArgumentKind.RequiredKey when argument is null => throw new ConditionCompileException($"field {name} needs an argument: {name}[...]"),
            FieldArgumentKind.RequiredKey => new FieldArgument(argument, -1, name.EndsWith(".value", StringComparison.Ordinal) ? AuditFields.PointerTokens(argument!) : null),
            _ when argument is null => FieldArgument.None,
            _ when int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var index) => new FieldArgument(null, index, null),
            _ => throw new ConditionCompileException($"field {name} takes an index [N], not [{argument}]"),
        };

        var path = definition.Path ?? parsed.PointerTokens;
        var bound = new BoundField(definition, parsed, _bound.Count, text, path is { Length: 1 or 2 } ? path : null);
        _bound.Add(text, bound);
        return bound;
    }
}

/// <summary>Turns condition syntax into <see cref="Predicate"/> trees; a macro is compiled once and shared.</summary>
internal sealed class ConditionCompiler(IReadOnlyDictionary<string, MacroEntry> macros, FieldBinder fields)
{
    private readonly Dictionary<string, Predicate> _compiledMacros = new(StringComparer.Ordinal);
    private readonly HashSet<string> _compiling = new(StringComparer.Ordinal);

    public Predicate CompileRule(ConditionSyntax syntax) => Compile(syntax, int.MaxValue);

    private Predicate Compile(ConditionSyntax syntax, int visibleBefore) => syntax switch
    {
        AndSyntax and => new AllOf([.. and.Operands.Select(o => Compile(o, visibleBefore))]),
        OrSyntax or => new AnyOf([.. or.Operands.Select(o => Compile(o, visibleBefore))]),
        NotSyntax not => new Negation(Compile(not.Operand, visibleBefore)),
        MacroSyntax macro => Macro(macro.Name, visibleBefore),
        CheckSyntax check => Check(check),
        _ => throw new InvalidOperationException("unknown condition node"),
    };

    private Predicate Macro(string name, int visibleBefore)
    {
        if (!macros.TryGetValue(name, out var macro) || macro.Order >= visibleBefore)
        {
            throw new ConditionCompileException(macros.ContainsKey(name)
                ? $"macro '{name}' is used before it is defined"
                : $"undefined macro '{name}'");
        }

        if (_compiledMacros.TryGetValue(name, out var compiled))
        {
            return compiled;
        }

        if (!_compiling.Add(name))
        {
            throw new ConditionCompileException($"macro '{name}' refers to itself");
        }

        try
        {
            compiled = Compile(macro.Syntax, macro.Order);
        }
        catch (ConditionCompileException e) when (e.Macro is null)
        {
            throw new ConditionCompileException(e.Message, name);
        }
        finally
        {
            _compiling.Remove(name);
        }

        _compiledMacros[name] = compiled;
        return compiled;
    }

    private Predicate Check(CheckSyntax check)
    {
        var field = fields.Bind(check.Field, check.Argument);
        var op = check.Operator;
        if (field.Definition.IsList && op is not ("exists" or "in" or "intersects"))
        {
            throw new ConditionCompileException($"operator '{op}' is not supported on list field {field.Text} (only exists, in, intersects)");
        }

        if (op == "exists")
        {
            return new FieldExists(field);
        }

        if (op is "in" or "intersects")
        {
            return new SetCheck(field, check.Values.ToFrozenSet(StringComparer.Ordinal), everyValue: op == "in");
        }

        if (op == "pmatch")
        {
            return new PathPrefixCheck(field, [.. check.Values]);
        }

        var value = check.Values[0];
        return op switch
        {
            "=" or "==" => new TextCheck(field, TextOperator.Equal, value),
            "!=" => new TextCheck(field, TextOperator.NotEqual, value),
            "<" => new TextCheck(field, TextOperator.Less, value),
            "<=" => new TextCheck(field, TextOperator.LessOrEqual, value),
            ">" => new TextCheck(field, TextOperator.Greater, value),
            ">=" => new TextCheck(field, TextOperator.GreaterOrEqual, value),
            "contains" => new TextCheck(field, TextOperator.Contains, value),
            "icontains" => new TextCheck(field, TextOperator.IContains, value),
            "startswith" => new TextCheck(field, TextOperator.StartsWith, value),
            "endswith" => new TextCheck(field, TextOperator.EndsWith, value),
            "bcontains" => new BytesCheck(field, Hex(op, value), prefixOnly: false),
            "bstartswith" => new BytesCheck(field, Hex(op, value), prefixOnly: true),
            "glob" => new PatternCheck(field, Pattern(GlobToRegex(value), RegexOptions.None)),
            "iglob" => new PatternCheck(field, Pattern(GlobToRegex(value), RegexOptions.IgnoreCase)),
            _ => new PatternCheck(field, Pattern(value, RegexOptions.None)),
        };
    }

    private static byte[] Hex(string op, string value)
    {
        try
        {
            return Convert.FromHexString(value);
        }
        catch (FormatException)
        {
            throw new ConditionCompileException($"operator '{op}' needs an even number of hex digits, not '{value}'");
        }
    }

    /// <summary>Whole-value match, linear time like RE2 (no backtracking blow-up on hostile input).</summary>
    private static Regex Pattern(string pattern, RegexOptions options)
    {
        try
        {
            return new Regex($"\\A(?:{pattern})\\z", options | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (ArgumentException e)
        {
            throw new ConditionCompileException($"invalid regular expression '{pattern}': {e.Message}");
        }
        catch (NotSupportedException e)
        {
            throw new ConditionCompileException($"unsupported regular expression '{pattern}': {e.Message}");
        }
    }

    /// <summary>Shell glob (fnmatch without flags): <c>*</c> any text including <c>/</c>, <c>?</c> one character, <c>[...]</c> a class.</summary>
    internal static string GlobToRegex(string glob)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*':
                    builder.Append(".*");
                    break;
                case '?':
                    builder.Append('.');
                    break;
                case '[' when glob.IndexOf(']', i + 2) is var close and > 0:
                    var body = glob[(i + 1)..close];
                    var negated = body.StartsWith('!') || body.StartsWith('^');
                    builder.Append('[').Append(negated ? "^" : string.Empty)
                        .Append((negated ? body[1..] : body).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal))
                        .Append(']');
                    i = close;
                    break;
                default:
                    builder.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return builder.ToString();
    }
}
