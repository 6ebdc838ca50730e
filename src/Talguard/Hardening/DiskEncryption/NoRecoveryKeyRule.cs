using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>TG-DISK-007: a single TPM or KMS key, with no slot to recover the data when it fails.</summary>
public sealed class NoRecoveryKeyRule : KeyListRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-DISK-007", Severity.Low, Section.DiskEncryption,
        "Encrypted volume has no recovery key",
        "With a single tpm or kms key, a firmware update that changes PCR values, a replaced TPM or an unreachable KMS "
        + "leaves the volume unreadable for good.",
        "Add a second key slot for recovery: a kms key, or a static passphrase rendered from a secrets manager at deploy time.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "3.6.1", "A1.2"));

    public override RuleDescriptor Descriptor => Definition;

    protected override string? Describe(EncryptedVolume volume, IReadOnlyList<EncryptionKeyType> types) =>
        types is [EncryptionKeyType.Tpm or EncryptionKeyType.Kms]
            ? $"volume {volume.Name} has a single {(types[0] == EncryptionKeyType.Tpm ? "tpm" : "kms")} key and no recovery slot: if it cannot unseal, the data is lost"
            : null;
}
