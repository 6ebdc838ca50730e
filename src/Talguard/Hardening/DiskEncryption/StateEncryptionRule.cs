using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>TG-DISK-001: STATE (machine config, PKI, etcd on control planes) is stored in cleartext.</summary>
public sealed class StateEncryptionRule : SystemVolumeEncryptionRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-DISK-001", Severity.High, Section.DiskEncryption,
        "STATE partition is not encrypted",
        "STATE holds the machine config with every cluster CA key and token; unencrypted, anyone with the disk (a stolen "
        + "drive, a decommissioned server, a cloud snapshot) owns the cluster.",
        "Add a VolumeConfig document for STATE with a LUKS2 TPM key (see patch; Secure Boot makes TPM sealing meaningful). "
        + "Encryption applies only to an empty partition: wipe STATE and re-apply the config in maintenance mode.",
        inputs: RuleInputs.NodeConfig,
        controls: RuleControls.Of("", "3.5.1 3.5.1.3", "CC6.1 CC6.7"));

    public override RuleDescriptor Descriptor => Definition;

    protected override string VolumeName => EncryptedVolume.State;

    protected override string Exposure => "Anyone holding the disk reads the machine config with its CA keys and tokens.";
}
