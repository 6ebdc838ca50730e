using Talguard.Findings;

namespace Talguard.Hardening.ApiAccess;

/// <summary>The rules of the guide section "ApiAccess".</summary>
public sealed class ApiAccessRules : IRuleSection
{
    public static readonly ApiAccessRules Instance = new();

    public Section Section => Section.ApiAccess;

    public IReadOnlyList<Rule> ScanRules { get; } = [];

    public IReadOnlyList<RuleDescriptor> OtherDescriptors { get; } = [];
}
