namespace Talguard.Hardening.AuditLogging.Detection;

/// <summary>A parsed Falco condition, before macros and fields are resolved.</summary>
internal abstract record ConditionSyntax;

internal sealed record AndSyntax(IReadOnlyList<ConditionSyntax> Operands) : ConditionSyntax;

internal sealed record OrSyntax(IReadOnlyList<ConditionSyntax> Operands) : ConditionSyntax;

internal sealed record NotSyntax(ConditionSyntax Operand) : ConditionSyntax;

internal sealed record MacroSyntax(string Name) : ConditionSyntax;

/// <summary><c>field[arg] operator value</c>; <see cref="Values"/> is empty for <c>exists</c>, one string for scalar operators.</summary>
internal sealed record CheckSyntax(string Field, string? Argument, string Operator, IReadOnlyList<string> Values) : ConditionSyntax
{
    public string FieldText => Argument is null ? Field : $"{Field}[{Argument}]";
}
