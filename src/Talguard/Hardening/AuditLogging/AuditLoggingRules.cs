using Talguard.Findings;

namespace Talguard.Hardening.AuditLogging;

/// <summary>The rules of the guide section "AuditLogging".</summary>
public sealed class AuditLoggingRules : IRuleSection
{
    public static readonly AuditLoggingRules Instance = new();

    public Section Section => Section.AuditLogging;

    public IReadOnlyList<Rule> ScanRules { get; } =
    [
        new SecretDataLoggedRule(),
        new NoCatchAllRule(),
        new ShadowedRuleRule(),
        new LogRetentionRule(),
        new AuditingOffRule(),
        new WrongApiGroupRule(),
        new RequestReceivedLoggedRule(),
        new RefusedPolicyRule(),
        new PolicyUnknownRule(),
    ];

    public IReadOnlyList<RuleDescriptor> OtherDescriptors { get; } = [];
}
