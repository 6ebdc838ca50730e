using Talguard.Findings;

namespace Talguard.Hardening.PodSecurity;

/// <summary>The rules of the guide section "PodSecurity".</summary>
public sealed class PodSecurityRules : IRuleSection
{
    public static readonly PodSecurityRules Instance = new();

    public Section Section => Section.PodSecurity;

    public IReadOnlyList<Rule> ScanRules { get; } = [];

    public IReadOnlyList<RuleDescriptor> OtherDescriptors { get; } = [];
}
