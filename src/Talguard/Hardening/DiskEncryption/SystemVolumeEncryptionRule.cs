using Talguard.Findings;
using Talguard.Model.Talos;

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
        foreach (var file in context.Configs)
        {
            var encryption = DiskEncryptionSettings.Of(file);
            if (encryption.Encrypts(VolumeName))
            {
                continue;
            }

            var volumeDocument = encryption.VolumeConfigs(VolumeName).FirstOrDefault();
            var legacy = $"machine.systemDiskEncryption.{VolumeName.ToLowerInvariant()}";
            var message = volumeDocument is null
                ? $"no VolumeConfig document for {VolumeName} with encryption, and no {legacy}; "
                  + (file.TalosVersion < DiskEncryptionPatches.VolumeConfigEncryptionSince
                      ? $"add {legacy} with a LUKS2 key (Talos {file.TalosVersion} has no VolumeConfig encryption). {Exposure}"
                      : $"add a VolumeConfig document for {VolumeName} with a LUKS2 encryption block. {Exposure}")
                : $"the VolumeConfig document for {VolumeName} has no encryption block; add one. {Exposure}";
            context.ReportMissing(Descriptor, volumeDocument ?? file.FirstDocument, null, string.Empty, message,
                DiskEncryptionPatches.SystemVolume(VolumeName, file.TalosVersion));
        }
    }
}
