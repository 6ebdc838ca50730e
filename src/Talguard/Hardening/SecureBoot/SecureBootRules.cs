using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>The rules of the guide section "SecureBoot".</summary>
public sealed class SecureBootRules : IRuleSection
{
    public static readonly SecureBootRules Instance = new();

    public Section Section => Section.SecureBoot;

    public IReadOnlyList<Rule> ScanRules { get; } =
    [
        new SecureBootInstallImageRule(),
        new InstallImagePinnedRule(),
        new TpmEnrollSecureBootCheckRule(),
    ];

    public IReadOnlyList<RuleDescriptor> OtherDescriptors { get; } = SecureBootKeyRules.All;
}
