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

    public IReadOnlyList<RuleDescriptor> OtherDescriptors { get; } = [];
}
