using Talguard.Findings;
using Talguard.Hardening.DiskEncryption;
using Talguard.Hardening.SecureBoot;

namespace Talguard.Hardening.Tpm;

/// <summary>TG-TPM-002: TPM sealing on a node whose install image is not a Secure Boot installer (TG-BOOT-001 fires).</summary>
public sealed class TpmWithoutSecureBootRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-TPM-002", Severity.Medium, Section.Tpm,
        "TPM disk key without Secure Boot",
        "TPM sealing is only as good as the measured, signed boot chain: without a Secure Boot UKI, PCR 7 records "
        + "Secure Boot off and PCR 11 holds no signed policy, so a modified boot chain can still unseal the disk key.",
        "Install a Secure Boot image (see TG-BOOT-001) or use a kms key until the node boots with Secure Boot.");

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Model.NodeConfigs)
        {
            if (InstallImage.Evaluate(file, context.Options.SecureBootImagePrefixes) != InstallImageVerdict.NotSecureBoot)
            {
                continue;
            }

            foreach (var (volume, _, tpm) in EncryptedVolumes.TpmKeys(file))
            {
                context.Report(Definition, volume.Document, tpm,
                    $"volume {volume.Name} is sealed to the TPM but the install image is not a Secure Boot installer (TG-BOOT-001): "
                    + "the TPM then measures an unsigned boot chain and protects the key far less than it appears");
            }
        }
    }
}
