using Talguard.Findings;

namespace Talguard.Hardening.Tpm;

/// <summary>The rules of the guide section "Tpm".</summary>
public sealed class TpmRules : IRuleSection
{
    public static readonly TpmRules Instance = new();

    public Section Section => Section.Tpm;

    public IReadOnlyList<Rule> ScanRules { get; } =
    [
        new EmptyPcrListRule(),
        new TpmWithoutSecureBootRule(),
        new TpmOptionsVersionRule(),
    ];

    public IReadOnlyList<RuleDescriptor> OtherDescriptors { get; } = [];
}
