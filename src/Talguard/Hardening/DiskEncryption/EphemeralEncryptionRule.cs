using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>TG-DISK-002: EPHEMERAL (etcd data, container images, pod volumes, logs) is stored in cleartext.</summary>
public sealed class EphemeralEncryptionRule : SystemVolumeEncryptionRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-DISK-002", Severity.High, Section.DiskEncryption,
        "EPHEMERAL partition is not encrypted",
        "EPHEMERAL (/var) holds the etcd database with every Kubernetes Secret, container images, emptyDir volumes and "
        + "logs; unencrypted, they are readable from the raw disk.",
        "Add a VolumeConfig document for EPHEMERAL with a LUKS2 TPM key and lockToState: true (see patch), then "
        + "`talosctl reset --system-labels-to-wipe EPHEMERAL` so it is re-created encrypted.",
        inputs: RuleInputs.NodeConfig,
        controls: RuleControls.Of("", "3.5.1 3.5.1.3", "CC6.1 CC6.7"));

    public override RuleDescriptor Descriptor => Definition;

    protected override string VolumeName => EncryptedVolume.Ephemeral;

    protected override string Exposure => "Anyone holding the disk reads etcd data (all Secrets), images, pod volumes and logs.";
}
