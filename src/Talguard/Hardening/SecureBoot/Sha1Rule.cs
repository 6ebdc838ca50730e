using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>TG-BOOT-104: SHA-1 in a certificate signature, a hash list, a signed update or an image signature.</summary>
public sealed class Sha1Rule : EfiRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-BOOT-104", Severity.High, Section.SecureBoot,
        "SHA-1 used in Secure Boot material",
        "SHA-1 collisions are practical (SHAttered, 2017); a SHA-1 certificate signature, signed update or hash entry can be forged.",
        "Re-issue certificates and signatures with SHA-256.",
        RuleInputs.EfiFile,
        RuleControls.Of("", "3.7.1 3.7.5", "CC6.8"));

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(EfiFacts facts) =>
        facts.Certificates.Where(c => c.UsesSha1).Select(c => Report(c.Location, $"'{c.Subject}' is signed with {c.SignatureAlgorithm}"))
            .Concat(facts.Sha1Uses.Select(u => Report(u.Location, u.Description)));
}
