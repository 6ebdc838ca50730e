using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>TG-BOOT-105: a PKfail vendor test certificate (its subject or issuer says DO NOT TRUST / DO NOT SHIP).</summary>
public sealed class TestKeyRule : EfiRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-BOOT-105", Severity.Critical, Section.SecureBoot,
        "Known test key enrolled (PKfail)",
        "Vendor reference code ships test platform keys whose private keys are public (subjects contain \"DO NOT TRUST\" or \"DO NOT SHIP\"). With such a PK anyone can enrol their own KEK and db and boot arbitrary code.",
        "Enter setup mode in the firmware and enrol your own PK, KEK and db (talguard secureboot keys), or install the vendor's fixed firmware.",
        RuleInputs.EfiFile,
        RuleControls.Of("", "3.7.5 3.7.7", "CC6.8"));

    public override RuleDescriptor Descriptor => Definition;

    private static readonly string[] TestKeyMarkers = ["DO NOT TRUST", "DO NOT SHIP"];

    public override IEnumerable<Finding> Check(EfiFacts facts) =>
        facts.Certificates.Where(c => TestKeyMarkers.Any(m => c.Subject.Contains(m, StringComparison.OrdinalIgnoreCase) || c.Issuer.Contains(m, StringComparison.OrdinalIgnoreCase)))
            .Select(c => Report(c.Location, $"'{c.Subject}' is a vendor test key whose private key is public"));
}
