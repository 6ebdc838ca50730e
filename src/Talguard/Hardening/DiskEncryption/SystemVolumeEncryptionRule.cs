using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>
/// TG-DISK-001/002: a system volume (STATE or EPHEMERAL) has no encryption, neither in a VolumeConfig nor in
/// the legacy <c>machine.systemDiskEncryption</c>. Runs on node configs only: a patch may be merged into a base that has it.
/// </summary>
public abstract class SystemVolumeEncryptionRule : Rule
{
    protected abstract string VolumeName { get; }

    /// <summary>What an attacker holding the disk gets from this volume, for the message.</summary>
    protected abstract string Exposure { get; }

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Model.NodeConfigs)
        {
            if (EncryptedVolumes.In(file).Any(v => v.IsSystemVolume(VolumeName)))
            {
                continue;
            }

            var volumeDocument = file.OfKind("VolumeConfig").FirstOrDefault(d => d.At("name")?.AsString() == VolumeName);
            var message = volumeDocument is null
                ? $"{VolumeName} is not encrypted: no VolumeConfig document for {VolumeName} with encryption, and no "
                  + $"machine.systemDiskEncryption.{VolumeName.ToLowerInvariant()}; add a VolumeConfig document for {VolumeName} "
                  + $"with a LUKS2 encryption block. {Exposure}"
                : $"{VolumeName} is not encrypted: its VolumeConfig document has no encryption block; add one. {Exposure}";
            context.ReportMissing(Descriptor, volumeDocument ?? file.FirstDocument, null, string.Empty, message,
                DiskEncryptionPatches.SystemVolume(VolumeName, file.TalosVersion));
        }
    }
}

/// <summary>TG-DISK-001: STATE (machine config, PKI, etcd on control planes) is stored in cleartext.</summary>
public sealed class StateEncryptionRule : SystemVolumeEncryptionRule
{
    public static readonly RuleDescriptor Id = RuleDescriptor.Create(
        "TG-DISK-001", Severity.High, Section.DiskEncryption,
        "STATE partition is not encrypted",
        "STATE holds the machine config with every cluster CA key and token; unencrypted, anyone with the disk (a stolen "
        + "drive, a decommissioned server, a cloud snapshot) owns the cluster.",
        "Add a VolumeConfig document for STATE with a LUKS2 TPM key (see patch; Secure Boot makes TPM sealing meaningful). "
        + "Encryption applies only to an empty partition: wipe STATE and re-apply the config in maintenance mode.");

    public override RuleDescriptor Descriptor => Id;

    protected override string VolumeName => EncryptedVolume.State;

    protected override string Exposure => "Anyone holding the disk reads the machine config with its CA keys and tokens.";
}

/// <summary>TG-DISK-002: EPHEMERAL (etcd data, container images, pod volumes, logs) is stored in cleartext.</summary>
public sealed class EphemeralEncryptionRule : SystemVolumeEncryptionRule
{
    public static readonly RuleDescriptor Id = RuleDescriptor.Create(
        "TG-DISK-002", Severity.High, Section.DiskEncryption,
        "EPHEMERAL partition is not encrypted",
        "EPHEMERAL (/var) holds the etcd database with every Kubernetes Secret, container images, emptyDir volumes and "
        + "logs; unencrypted, they are readable from the raw disk.",
        "Add a VolumeConfig document for EPHEMERAL with a LUKS2 TPM key and lockToState: true (see patch), then "
        + "`talosctl reset --system-labels-to-wipe EPHEMERAL` so it is re-created encrypted.");

    public override RuleDescriptor Descriptor => Id;

    protected override string VolumeName => EncryptedVolume.Ephemeral;

    protected override string Exposure => "Anyone holding the disk reads etcd data (all Secrets), images, pod volumes and logs.";
}
