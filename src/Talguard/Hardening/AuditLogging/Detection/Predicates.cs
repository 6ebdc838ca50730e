using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;

namespace Talguard.Hardening.AuditLogging.Detection;

/// <summary>A compiled condition: a tree of stateless nodes evaluated against one event's cached fields.</summary>
internal abstract class Predicate
{
    public abstract bool Evaluate(EventFields evt);

    /// <summary>
    /// The values a scalar field chosen by <paramref name="isField"/> must have whenever this predicate is true,
    /// or null when the predicate does not restrict it. Used to skip rules that cannot match an event.
    /// </summary>
    public virtual IReadOnlySet<string>? RequiredValues(Func<BoundField, bool> isField) => null;
}

internal sealed class AllOf(Predicate[] operands) : Predicate
{
    public override IReadOnlySet<string>? RequiredValues(Func<BoundField, bool> isField)
    {
        HashSet<string>? values = null;
        foreach (var operand in operands)
        {
            if (operand.RequiredValues(isField) is { } required)
            {
                values ??= [.. required];
                values.IntersectWith(required);
            }
        }

        return values;
    }

    public override bool Evaluate(EventFields evt)
    {
        foreach (var operand in operands)
        {
            if (!operand.Evaluate(evt))
            {
                return false;
            }
        }

        return true;
    }
}

internal sealed class AnyOf(Predicate[] operands) : Predicate
{
    public override IReadOnlySet<string>? RequiredValues(Func<BoundField, bool> isField)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operand in operands)
        {
            if (operand.RequiredValues(isField) is not { } required)
            {
                return null;
            }

            values.UnionWith(required);
        }

        return values;
    }

    public override bool Evaluate(EventFields evt)
    {
        foreach (var operand in operands)
        {
            if (operand.Evaluate(evt))
            {
                return true;
            }
        }

        return false;
    }
}

internal sealed class Negation(Predicate operand) : Predicate
{
    public override bool Evaluate(EventFields evt) => !operand.Evaluate(evt);
}

/// <summary><c>exists</c>: the field could be extracted (a list field: with at least one value).</summary>
internal sealed class FieldExists(BoundField field) : Predicate
{
    public override bool Evaluate(EventFields evt) => evt.Get(field).IsAvailable;
}

internal enum TextOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Contains,
    IContains,
    StartsWith,
    EndsWith,
}

/// <summary>A string comparison of a scalar field; false whenever the field is unavailable (also for <c>!=</c>).</summary>
internal sealed class TextCheck(BoundField field, TextOperator op, string value) : Predicate
{
    public override IReadOnlySet<string>? RequiredValues(Func<BoundField, bool> isField) =>
        op == TextOperator.Equal && isField(field) ? new HashSet<string>(StringComparer.Ordinal) { value } : null;

    public override bool Evaluate(EventFields evt)
    {
        if (evt.Get(field).Text is not { } text)
        {
            return false;
        }

        return op switch
        {
            TextOperator.Equal => string.Equals(text, value, StringComparison.Ordinal),
            TextOperator.NotEqual => !string.Equals(text, value, StringComparison.Ordinal),
            TextOperator.Less => string.CompareOrdinal(text, value) < 0,
            TextOperator.LessOrEqual => string.CompareOrdinal(text, value) <= 0,
            TextOperator.Greater => string.CompareOrdinal(text, value) > 0,
            TextOperator.GreaterOrEqual => string.CompareOrdinal(text, value) >= 0,
            TextOperator.Contains => text.Contains(value, StringComparison.Ordinal),
            TextOperator.IContains => text.Contains(value, StringComparison.OrdinalIgnoreCase),
            TextOperator.StartsWith => text.StartsWith(value, StringComparison.Ordinal),
            _ => text.EndsWith(value, StringComparison.Ordinal),
        };
    }
}

/// <summary><c>bcontains</c> / <c>bstartswith</c>: the field's bytes against a hex-written byte string.</summary>
internal sealed class BytesCheck(BoundField field, byte[] value, bool prefixOnly) : Predicate
{
    public override bool Evaluate(EventFields evt)
    {
        if (evt.Get(field).Text is not { } text)
        {
            return false;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        return prefixOnly ? bytes.AsSpan().StartsWith(value) : bytes.AsSpan().IndexOf(value) >= 0;
    }
}

/// <summary><c>glob</c>, <c>iglob</c> and <c>regex</c>, all compiled to a whole-value match.</summary>
internal sealed class PatternCheck(BoundField field, Regex pattern) : Predicate
{
    public override bool Evaluate(EventFields evt) => evt.Get(field).Text is { } text && pattern.IsMatch(text);
}

/// <summary>
/// <c>in</c> and <c>intersects</c>. A scalar field: its value is in the set. A list field: <c>in</c> needs every
/// value in the set, <c>intersects</c> at least one. An unavailable field or empty list is never in anything.
/// </summary>
internal sealed class SetCheck(BoundField field, FrozenSet<string> set, bool everyValue) : Predicate
{
    public override IReadOnlySet<string>? RequiredValues(Func<BoundField, bool> isField) =>
        !field.Definition.IsList && isField(field) ? set : null;

    public override bool Evaluate(EventFields evt)
    {
        var value = evt.Get(field);
        if (value.Text is { } text)
        {
            return set.Contains(text);
        }

        if (value.Items is not { Length: > 0 } items)
        {
            return false;
        }

        foreach (var item in items)
        {
            if (set.Contains(item) != everyValue)
            {
                return !everyValue;
            }
        }

        return everyValue;
    }
}

/// <summary><c>pmatch</c>: the path equals one of the prefixes or lies below it (path segments, not characters).</summary>
internal sealed class PathPrefixCheck(BoundField field, string[] prefixes) : Predicate
{
    public override bool Evaluate(EventFields evt)
    {
        if (evt.Get(field).Text is not { } path)
        {
            return false;
        }

        foreach (var prefix in prefixes)
        {
            var trimmed = prefix.Length > 1 ? prefix.TrimEnd('/') : prefix;
            if (path.StartsWith(trimmed, StringComparison.Ordinal) &&
                (path.Length == trimmed.Length || trimmed.EndsWith('/') || path[trimmed.Length] == '/'))
            {
                return true;
            }
        }

        return false;
    }
}
