using Talguard.Findings;

namespace Talguard.Hardening.Config;

/// <summary>The rules of the guide section "Config".</summary>
public sealed class ConfigRules : IRuleSection
{
    public static readonly ConfigRules Instance = new();

    public Section Section => Section.Config;

    public IReadOnlyList<Rule> ScanRules { get; } =
    [
        new UnknownKeyRule(),
        new DeprecatedFieldRule(),
        new DuplicateEncryptionRule(),
        new RefusedExtraArgRule(),
        new PodSecurityFeatureGateRule(),
        new FileOutsideMountsRule(),
        new RejectedValueRule(),
    ];

    public IReadOnlyList<RuleDescriptor> OtherDescriptors { get; } = [];
}
