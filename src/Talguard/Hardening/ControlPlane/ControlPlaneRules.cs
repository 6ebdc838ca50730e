using Talguard.Findings;

namespace Talguard.Hardening.ControlPlane;

/// <summary>The rules of the guide section "ControlPlane".</summary>
public sealed class ControlPlaneRules : IRuleSection
{
    public static readonly ControlPlaneRules Instance = new();

    public Section Section => Section.ControlPlane;

    public IReadOnlyList<Rule> ScanRules { get; } = [];

    public IReadOnlyList<RuleDescriptor> OtherDescriptors { get; } = [];
}
