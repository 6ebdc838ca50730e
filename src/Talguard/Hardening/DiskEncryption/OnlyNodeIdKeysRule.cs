using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>TG-DISK-004: only nodeID keys protect the volume.</summary>
public sealed class OnlyNodeIdKeysRule : KeyListRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-DISK-004", Severity.Medium, Section.DiskEncryption,
        "Volume is protected only by nodeID keys",
        "A nodeID key is derived from the machine's SMBIOS UUID: it only protects a drive removed from its machine; "
        + "anyone who boots the machine, or learns its UUID, unlocks it.",
        "Use a tpm key (with Secure Boot) or a kms key instead.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "3.6.1.2 3.7.3", "CC6.1"));

    public override RuleDescriptor Descriptor => Definition;

    protected override string? Describe(EncryptedVolume volume, IReadOnlyList<EncryptionKeyType> types) =>
        types.All(t => t == EncryptionKeyType.NodeId)
            ? $"every key of volume {volume.Name} is nodeID: the key derives from the machine UUID, so it protects only a drive removed from its machine"
            : null;
}
