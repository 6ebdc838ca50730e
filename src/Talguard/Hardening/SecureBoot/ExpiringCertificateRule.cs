using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>TG-BOOT-102: a judged certificate expires within the warning window.</summary>
public sealed class ExpiringCertificateRule : EfiRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-BOOT-102", Severity.Medium, Section.SecureBoot,
        "Secure Boot certificate expires soon",
        "A certificate that expires within the warning window needs a planned rotation before new images can be signed with it.",
        "Plan a key rotation: generate new keys, append the new db certificate with a KEK-signed update, then re-sign UKIs.",
        RuleInputs.EfiFile,
        RuleControls.Of("", "3.7.4", "CC6.8"));

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(EfiFacts facts) =>
        facts.Certificates.Where(c => c.NotAfterUtc >= facts.Options.NowUtc && c.NotAfterUtc < facts.Options.NowUtc.AddDays(facts.Options.ExpiryWarningDays))
            .Select(c => Report(c.Location, $"'{c.Subject}' expires on {Iso(c.NotAfterUtc)}, within {facts.Options.ExpiryWarningDays} days"));
}
