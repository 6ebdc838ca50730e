using Talguard.Findings;

namespace Talguard.Hardening.SecretsAtRest;

/// <summary>The rules of the guide section "SecretsAtRest".</summary>
public sealed class SecretsAtRestRules : IRuleSection
{
    public static readonly SecretsAtRestRules Instance = new();

    public Section Section => Section.SecretsAtRest;

    public IReadOnlyList<Rule> ScanRules { get; } =
    [
        new SecretboxEncryptionRule(),
        new AescbcOnlyRule(),
        new EncryptionProviderOrderRule(),
        new DeprecatedEncryptionProviderRule(),
    ];

    public IReadOnlyList<RuleDescriptor> OtherDescriptors { get; } = Etcd.EtcdSnapshotRules.All;
}
