using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.Config;

/// <summary>TG-CONF-003: one system volume encrypted both by the legacy field and by a VolumeConfig.</summary>
public sealed class DuplicateEncryptionRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-CONF-003", Severity.High, Section.Config,
        "Volume encryption configured twice",
        "Talos refuses a config that encrypts the same system volume in machine.systemDiskEncryption and in a VolumeConfig document " +
        "(\"system disk encryption for ... is configured in both v1alpha1.Config and VolumeConfig\").",
        "Keep the VolumeConfig encryption and delete the volume from machine.systemDiskEncryption (see patch).",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "2.2.1 3.5.1", "CC8.1"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            var encryption = DiskEncryptionSettings.Of(file);
            foreach (var legacy in encryption.Volumes.Where(v => v.IsLegacy))
            {
                foreach (var volume in encryption.Volumes.Where(v => v.IsSystemVolume(legacy.Name) && !v.IsLegacy))
                {
                    context.ReportField(Definition, volume.Document, volume.Encryption,
                        $"{legacy.Name} is encrypted both here and in machine.systemDiskEncryption.{legacy.Encryption.KeyInParent}: Talos rejects the config; keep one (this VolumeConfig)",
                        TalosPatch.Delete(legacy.Document, legacy.Encryption));
                }
            }
        }
    }
}
