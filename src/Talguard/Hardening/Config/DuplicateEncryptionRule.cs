using Talguard.Findings;
using Talguard.Hardening.DiskEncryption;
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
        "Keep the VolumeConfig encryption and delete the volume from machine.systemDiskEncryption (see patch).");

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Model.TalosFiles)
        {
            if (file.MachineConfig is not { } config)
            {
                continue;
            }

            foreach (var (volume, legacy) in EncryptedVolumes.Legacy(config).Select(v => (v.Name, v.Encryption)))
            {
                foreach (var document in file.OfKind("VolumeConfig").Where(d => d.Root?["name"]?.AsString() == volume))
                {
                    if (document.At("encryption") is { } encryption && !encryption.IsNull)
                    {
                        context.ReportField(Definition, document, encryption,
                            $"{volume} is encrypted both here and in machine.systemDiskEncryption.{legacy.KeyInParent}: Talos rejects the config; keep one (this VolumeConfig)",
                            TalosPatch.Delete(config, legacy));
                    }
                }
            }
        }
    }
}
