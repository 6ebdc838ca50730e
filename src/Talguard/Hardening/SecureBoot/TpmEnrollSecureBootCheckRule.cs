using Talguard.Findings;
using Talguard.Model.Talos;

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
        + "machine.systemDiskEncryption.*.keys[].tpm).",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "3.6.1.2", "CC6.8"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            foreach (var (volume, key) in DiskEncryptionSettings.Of(file).TpmKeys)
            {
                if (key.TpmCheckSecureBootOnEnroll?.AsBool() != true)
                {
                    context.Report(Definition, volume.Document, key.Tpm!,
                        $"TPM key of volume {volume.Name} does not set checkSecurebootStatusOnEnroll: true: enrollment succeeds even "
                        + "with Secure Boot off or in setup mode, sealing the key to an unverified boot chain");
                }
            }
        }
    }
}
