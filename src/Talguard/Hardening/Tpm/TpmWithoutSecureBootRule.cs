using Talguard.Findings;
using Talguard.Hardening.SecureBoot;
using Talguard.Model.Talos;

namespace Talguard.Hardening.Tpm;

/// <summary>TG-TPM-002: TPM sealing on a node whose install image is not a Secure Boot installer (TG-BOOT-001 fires).</summary>
public sealed class TpmWithoutSecureBootRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-TPM-002", Severity.Medium, Section.Tpm,
        "TPM disk key without Secure Boot",
        "TPM sealing is only as good as the measured, signed boot chain: without a Secure Boot UKI, PCR 7 records "
        + "Secure Boot off and PCR 11 holds no signed policy, so a modified boot chain can still unseal the disk key.",
        "Install a Secure Boot image (see TG-BOOT-001) or use a kms key until the node boots with Secure Boot.",
        // Both facts are present values: a patch that names a non-Secure Boot image and seals a key to the TPM is judged.
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "3.6.1.2", "CC6.1 CC6.8"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            if (InstallImage.Evaluate(file, context.Options.SecureBootImagePrefixes) != InstallImageVerdict.NotSecureBoot)
            {
                continue;
            }

            foreach (var (volume, key) in DiskEncryptionSettings.Of(file).TpmKeys)
            {
                context.Report(Definition, volume.Document, key.Tpm!,
                    $"volume {volume.Name} is sealed to the TPM but the install image is not a Secure Boot installer (TG-BOOT-001): "
                    + "the TPM then measures an unsigned boot chain and protects the key far less than it appears");
            }
        }
    }
}
