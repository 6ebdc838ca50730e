using Talguard.Evidence;
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

    /// <summary>The section's evidence rules (TG-LIVE-*) that <c>talguard verify</c> runs on each node of a bundle.</summary>
    internal IReadOnlyList<EvidenceRule> EvidenceRules { get; } =
    [
        new LiveSecureBootRule(),
        new LiveModuleSignaturesRule(),
        new LiveExtensionsRule(),
    ];

    public IReadOnlyList<RuleDescriptor> OtherDescriptors => [.. SecureBootKeyRules.All, .. EvidenceRules.Select(r => r.Descriptor)];
}
