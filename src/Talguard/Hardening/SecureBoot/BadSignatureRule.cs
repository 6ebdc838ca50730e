using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>TG-BOOT-109: a signed update or image whose signature does not verify, or an unsigned image.</summary>
public sealed class BadSignatureRule : EfiRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-BOOT-109", Severity.High, Section.SecureBoot,
        "Signature does not verify",
        "A signed update or UKI whose signature fails (or is absent) is rejected by firmware, or was changed after signing.",
        "Re-sign the file with the right key; check that nothing modified it after signing.",
        RuleInputs.EfiFile,
        RuleControls.Of("", "2.2.1", "CC6.8"));

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(EfiFacts facts) =>
        facts.Signatures.Where(s => !s.Verified).Select(s => Report(s.Location, s.Reason));
}
