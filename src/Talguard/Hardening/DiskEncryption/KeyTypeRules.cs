using Talguard.Findings;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>Rules that judge an encrypted volume by the set of key types protecting it, reported at its <c>keys</c> list.</summary>
public abstract class KeyListRule : Rule
{
    public override void Check(ScanContext context)
    {
        foreach (var file in context.Model.TalosFiles)
        {
            foreach (var volume in EncryptedVolumes.In(file))
            {
                var keys = volume.Keys;
                if (volume.KeyList is { } list && keys.Count > 0 && keys.All(k => k.Type is not null)
                    && Describe(volume, [.. keys.Select(k => k.Type!.Value)]) is { } message)
                {
                    context.Report(Descriptor, volume.Document, list, message);
                }
            }
        }
    }

    /// <summary>The message when the rule fires for these key types, else null.</summary>
    protected abstract string? Describe(EncryptedVolume volume, IReadOnlyList<EncryptionKeyType> types);
}

/// <summary>TG-DISK-003: only static passphrases protect the volume.</summary>
public sealed class OnlyStaticKeysRule : KeyListRule
{
    public static readonly RuleDescriptor Id = RuleDescriptor.Create(
        "TG-DISK-003", Severity.Medium, Section.DiskEncryption,
        "Volume is protected only by static passphrases",
        "A static passphrase is as safe as every copy of the config that carries it; for STATE Talos stores it in "
        + "cleartext in the META partition, on the same disk it is meant to protect.",
        "Use a tpm key (with Secure Boot) or a kms key as the primary slot; keep a static passphrase only as a recovery slot "
        + "rendered from a secrets manager.");

    public override RuleDescriptor Descriptor => Id;

    protected override string? Describe(EncryptedVolume volume, IReadOnlyList<EncryptionKeyType> types) =>
        !types.All(t => t == EncryptionKeyType.Static) ? null
        : volume.IsSystemVolume(EncryptedVolume.State)
            ? "every key of STATE is a static passphrase: Talos keeps it in cleartext in the META partition of the same disk, so a stolen disk unlocks itself"
            : $"every key of volume {volume.Name} is a static passphrase: whoever has a copy of the config can unlock the disk";
}

/// <summary>TG-DISK-004: only nodeID keys protect the volume.</summary>
public sealed class OnlyNodeIdKeysRule : KeyListRule
{
    public static readonly RuleDescriptor Id = RuleDescriptor.Create(
        "TG-DISK-004", Severity.Medium, Section.DiskEncryption,
        "Volume is protected only by nodeID keys",
        "A nodeID key is derived from the machine's SMBIOS UUID: it only protects a drive removed from its machine; "
        + "anyone who boots the machine, or learns its UUID, unlocks it.",
        "Use a tpm key (with Secure Boot) or a kms key instead.");

    public override RuleDescriptor Descriptor => Id;

    protected override string? Describe(EncryptedVolume volume, IReadOnlyList<EncryptionKeyType> types) =>
        types.All(t => t == EncryptionKeyType.NodeId)
            ? $"every key of volume {volume.Name} is nodeID: the key derives from the machine UUID, so it protects only a drive removed from its machine"
            : null;
}

/// <summary>TG-DISK-007: a single TPM or KMS key, with no slot to recover the data when it fails.</summary>
public sealed class NoRecoveryKeyRule : KeyListRule
{
    public static readonly RuleDescriptor Id = RuleDescriptor.Create(
        "TG-DISK-007", Severity.Low, Section.DiskEncryption,
        "Encrypted volume has no recovery key",
        "With a single tpm or kms key, a firmware update that changes PCR values, a replaced TPM or an unreachable KMS "
        + "leaves the volume unreadable for good.",
        "Add a second key slot for recovery: a kms key, or a static passphrase rendered from a secrets manager at deploy time.");

    public override RuleDescriptor Descriptor => Id;

    protected override string? Describe(EncryptedVolume volume, IReadOnlyList<EncryptionKeyType> types) =>
        types is [EncryptionKeyType.Tpm or EncryptionKeyType.Kms]
            ? $"volume {volume.Name} has a single {(types[0] == EncryptionKeyType.Tpm ? "tpm" : "kms")} key and no recovery slot: if it cannot unseal, the data is lost"
            : null;
}
