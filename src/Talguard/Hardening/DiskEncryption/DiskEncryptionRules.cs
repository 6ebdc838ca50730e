using Talguard.Evidence;
using Talguard.Findings;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>The rules of the guide section "DiskEncryption".</summary>
public sealed class DiskEncryptionRules : IRuleSection
{
    public static readonly DiskEncryptionRules Instance = new();

    public Section Section => Section.DiskEncryption;

    public IReadOnlyList<Rule> ScanRules { get; } =
    [
        new StateEncryptionRule(),
        new EphemeralEncryptionRule(),
        new OnlyStaticKeysRule(),
        new OnlyNodeIdKeysRule(),
        new PlaintextKmsEndpointRule(),
        new LockToStateRule(),
        new NoRecoveryKeyRule(),
        new LiteralPassphraseRule(),
    ];

    /// <summary>The section's evidence rules (TG-LIVE-*) that <c>talguard verify</c> runs on each node of a bundle.</summary>
    internal IReadOnlyList<EvidenceRule> EvidenceRules { get; } =
    [
        new LiveVolumeEncryptionRule(),
        new LiveWeakVolumeKeysRule(),
        new LiveLockToStateRule(),
    ];

    public IReadOnlyList<RuleDescriptor> OtherDescriptors => [.. EvidenceRules.Select(r => r.Descriptor)];
}
