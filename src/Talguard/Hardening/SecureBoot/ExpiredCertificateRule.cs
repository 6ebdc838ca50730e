using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>TG-BOOT-101: a judged certificate has expired.</summary>
public sealed class ExpiredCertificateRule : EfiRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-BOOT-101", Severity.High, Section.SecureBoot,
        "Secure Boot certificate has expired",
        "Firmware ignores expiry, but signing tools, audits and revocation processes do not: an expired PK/KEK/db certificate means the key set is past its planned life and rotation was missed.",
        "Generate a new key set (talguard secureboot keys) and enrol it; sign new UKIs with the new db key.",
        RuleInputs.EfiFile,
        RuleControls.Of("", "3.7.4", "CC6.8"));

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(EfiFacts facts) =>
        facts.Certificates.Where(c => c.NotAfterUtc < facts.Options.NowUtc)
            .Select(c => Report(c.Location, $"'{c.Subject}' expired on {Iso(c.NotAfterUtc)}"));
}
