using Talguard.Findings;
using Talguard.Hardening.PodSecurity.Rules;

namespace Talguard.Hardening.PodSecurity;

/// <summary>The rules of the guide section "PodSecurity".</summary>
public sealed class PodSecurityRules : IRuleSection
{
    public static readonly PodSecurityRules Instance = new();

    public Section Section => Section.PodSecurity;

    public IReadOnlyList<Rule> ScanRules { get; } =
    [
        new AdmissionMissingRule(),
        new DefaultEnforcePrivilegedRule(),
        new BroadExemptionsRule(),
        new InvalidNamespaceLabelRule(),
        new PrivilegedNamespaceRule(),
        new EnforceViolationRule(),
        new AuditWarnViolationRule(),
        new AdmissionDeletedRule(),
    ];

    public IReadOnlyList<RuleDescriptor> OtherDescriptors { get; } = [];
}
