using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>TG-DISK-003: only static passphrases protect the volume.</summary>
public sealed class OnlyStaticKeysRule : KeyListRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-DISK-003", Severity.Medium, Section.DiskEncryption,
        "Volume is protected only by static passphrases",
        "A static passphrase is as safe as every copy of the config that carries it; for STATE Talos stores it in "
        + "cleartext in the META partition, on the same disk it is meant to protect.",
        "Use a tpm key (with Secure Boot) or a kms key as the primary slot; keep a static passphrase only as a recovery slot "
        + "rendered from a secrets manager.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "3.6.1.2 3.7.3", "CC6.1"));

    public override RuleDescriptor Descriptor => Definition;

    protected override string? Describe(EncryptedVolume volume, IReadOnlyList<EncryptionKeyType> types) =>
        !types.All(t => t == EncryptionKeyType.Static) ? null
        : volume.IsSystemVolume(EncryptedVolume.State)
            ? "every key of STATE is a static passphrase: Talos keeps it in cleartext in the META partition of the same disk, so a stolen disk unlocks itself"
            : $"every key of volume {volume.Name} is a static passphrase: whoever has a copy of the config can unlock the disk";
}
