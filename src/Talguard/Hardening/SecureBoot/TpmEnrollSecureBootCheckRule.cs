using Talguard.Findings;
using Talguard.Hardening.DiskEncryption;

namespace Talguard.Hardening.SecureBoot;

/// <summary>TG-BOOT-003: a TPM key enrolls even when Secure Boot is off.</summary>
public sealed class TpmEnrollSecureBootCheckRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-BOOT-003", Severity.Low, Section.SecureBoot,
        "TPM key enrolls without checking Secure Boot",
        "Without checkSecurebootStatusOnEnroll: true, a TPM key is enrolled even when UEFI Secure Boot is disabled or in "
        + "setup mode, so the disk key ends up sealed to a boot chain nobody verified.",
        "Set checkSecurebootStatusOnEnroll: true under the key's tpm (VolumeConfig encryption.keys[].tpm, or the legacy "
        + "machine.systemDiskEncryption.*.keys[].tpm).");

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Model.TalosFiles)
        {
            foreach (var (volume, _, tpm) in EncryptedVolumes.TpmKeys(file))
            {
                if (tpm["checkSecurebootStatusOnEnroll"]?.AsBool() != true)
                {
                    context.Report(Definition, volume.Document, tpm,
                        $"TPM key of volume {volume.Name} does not set checkSecurebootStatusOnEnroll: true: enrollment succeeds even "
                        + "with Secure Boot off or in setup mode, sealing the key to an unverified boot chain");
                }
            }
        }
    }
}
