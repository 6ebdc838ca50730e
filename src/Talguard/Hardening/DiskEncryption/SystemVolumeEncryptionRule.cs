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
