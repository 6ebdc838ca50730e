using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>TG-DISK-006: an EPHEMERAL or user volume key is not bound to STATE.</summary>
public sealed class LockToStateRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-DISK-006", Severity.Low, Section.DiskEncryption,
        "Volume key is not locked to STATE",
        "lockToState: true mixes a random salt stored in (encrypted) STATE into the key, so the volume cannot be unlocked "
        + "on its own, e.g. after STATE was wiped or with a copied disk image.",
        "Set lockToState: true on every key of the EPHEMERAL VolumeConfig and of each UserVolumeConfig (Talos v1.11+).",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "3.6.1", "CC6.1"),
        versions: new TalosVersionRange(new TalosVersion(1, 11)));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs.Where(f => Definition.Versions.Contains(f.TalosVersion)))
        {
            foreach (var volume in DiskEncryptionSettings.Of(file).Volumes.Where(v => !v.IsLegacy && (v.Kind == DiskEncryptionSettings.UserVolumeConfigKind || v.IsSystemVolume(EncryptedVolume.Ephemeral))))
            {
                foreach (var key in volume.Keys.Where(k => k.LockToState?.AsBool() != true))
                {
                    context.Report(Definition, volume.Document, key.Node,
                        $"key of volume {volume.Name} does not set lockToState: true: it unlocks independently of STATE");
                }
            }
        }
    }
}
