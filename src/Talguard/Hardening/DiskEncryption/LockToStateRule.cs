using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>TG-DISK-006: an EPHEMERAL or user volume key is not bound to STATE.</summary>
public sealed class LockToStateRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-DISK-006", Severity.Low, Section.DiskEncryption,
        "Volume key is not locked to STATE",
        "lockToState: true mixes a random salt stored in (encrypted) STATE into the key, so the volume cannot be unlocked "
        + "on its own, e.g. after STATE was wiped or with a copied disk image.",
        "Set lockToState: true on every key of the EPHEMERAL VolumeConfig and of each UserVolumeConfig (Talos v1.11+).");

    public static readonly TalosVersion Since = new(1, 11);

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Model.TalosFiles.Where(f => f.TalosVersion >= Since))
        {
            foreach (var volume in EncryptedVolumes.In(file).Where(v => !v.IsLegacy && (v.Kind == "UserVolumeConfig" || v.IsSystemVolume(EncryptedVolume.Ephemeral))))
            {
                foreach (var key in volume.Keys.Where(k => k.Node["lockToState"]?.AsBool() != true))
                {
                    context.Report(Definition, volume.Document, key.Node,
                        $"key of volume {volume.Name} does not set lockToState: true: it unlocks independently of STATE");
                }
            }
        }
    }
}
