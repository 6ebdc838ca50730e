using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>TG-BOOT-108: an X509 signature entry that holds PEM text.</summary>
public sealed class PemInSignatureListRule : EfiRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-BOOT-108", Severity.Low, Section.SecureBoot,
        "X509 signature entry holds PEM text instead of DER",
        "UEFI requires a DER certificate in EFI_CERT_X509 entries. Talos's database generator stores PEM text; efi-readvar crashes on it and strict firmware may ignore the entry.",
        "Store the DER form (cert-to-efi-sig-list or talguard secureboot keys) when you build the signature lists yourself.",
        RuleInputs.EfiFile,
        RuleControls.None("PEM instead of DER in a signature entry is an encoding defect (strict firmware may skip the entry), not a security control"));

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(EfiFacts facts) =>
        facts.PemEntries.Select(where => Report(where, "the X509 entry holds PEM text (as Talos's database generator writes it); UEFI expects DER"));
}
