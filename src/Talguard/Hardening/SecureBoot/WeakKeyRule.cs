using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>TG-BOOT-103: an RSA key (of a certificate or a private key file) is shorter than 2048 bits.</summary>
public sealed class WeakKeyRule : EfiRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-BOOT-103", Severity.High, Section.SecureBoot,
        "Secure Boot key is shorter than 2048 bits",
        "RSA keys below 2048 bits can be factored with modest resources; anyone who does can sign boot code the firmware trusts.",
        "Replace the key with an RSA-2048 (widest firmware support) or RSA-4096 key.",
        RuleInputs.EfiFile,
        RuleControls.Of("", "3.7.1", "CC6.8"));

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(EfiFacts facts) =>
        facts.Certificates.Where(c => c.KeyAlgorithm == "RSA" && c.KeySize < 2048).Select(c => Report(c.Location, $"'{c.Subject}' has an RSA-{c.KeySize} key"))
            .Concat(facts.PrivateKeys.Where(k => k.RsaKeySize < 2048).Select(k => Report(k.Location, $"the private key is RSA-{k.RsaKeySize}")));
}
