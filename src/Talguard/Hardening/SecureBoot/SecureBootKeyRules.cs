using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>The TG-BOOT-1xx rules of <c>talguard secureboot inspect|verify</c>: Secure Boot material (rule classes over <see cref="EfiFacts"/>) and booted state.</summary>
public static class SecureBootKeyRules
{
    public static readonly RuleDescriptor Expired = ExpiredCertificateRule.Definition;

    public static readonly RuleDescriptor ExpiresSoon = ExpiringCertificateRule.Definition;

    public static readonly RuleDescriptor WeakKey = WeakKeyRule.Definition;

    public static readonly RuleDescriptor Sha1 = Sha1Rule.Definition;

    public static readonly RuleDescriptor TestKey = TestKeyRule.Definition;

    public static readonly RuleDescriptor MissingMicrosoftUefiCa = MissingMicrosoftUefiCaRule.Definition;

    public static readonly RuleDescriptor ReadablePrivateKey = ReadablePrivateKeyRule.Definition;

    public static readonly RuleDescriptor PemInSignatureList = PemInSignatureListRule.Definition;

    public static readonly RuleDescriptor BadSignature = BadSignatureRule.Definition;

    public static readonly RuleDescriptor SecureBootOff = SecureBootOffRule.Definition;

    public static readonly RuleDescriptor NotBootedFromUki = NotBootedFromUkiRule.Definition;

    public static readonly RuleDescriptor UkiKeyMismatch = UkiKeyMismatchRule.Definition;

    public static readonly RuleDescriptor ModuleSignaturesNotEnforced = ModuleSignaturesNotEnforcedRule.Definition;

    public static readonly RuleDescriptor PcrKeyMismatch = PcrKeyMismatchRule.Definition;

    /// <summary>The rules over Secure Boot material (TG-BOOT-101..109) that <c>secureboot inspect</c> runs.</summary>
    public static IReadOnlyList<EfiRule> EfiRules { get; } =
    [
        new ExpiredCertificateRule(), new ExpiringCertificateRule(), new WeakKeyRule(), new Sha1Rule(), new TestKeyRule(),
        new MissingMicrosoftUefiCaRule(), new ReadablePrivateKeyRule(), new PemInSignatureListRule(), new BadSignatureRule(),
    ];

    /// <summary>The rules over a node's SecurityState (TG-BOOT-110..114) that <c>secureboot verify</c> runs.</summary>
    public static IReadOnlyList<SecurityStateRule> StateRules { get; } =
    [
        new SecureBootOffRule(), new NotBootedFromUkiRule(), new UkiKeyMismatchRule(), new ModuleSignaturesNotEnforcedRule(), new PcrKeyMismatchRule(),
    ];

    public static IReadOnlyList<RuleDescriptor> All { get; } =
    [
        Expired, ExpiresSoon, WeakKey, Sha1, TestKey, MissingMicrosoftUefiCa, ReadablePrivateKey, PemInSignatureList,
        BadSignature, SecureBootOff, NotBootedFromUki, UkiKeyMismatch, ModuleSignaturesNotEnforced, PcrKeyMismatch,
    ];

    /// <summary>Every Secure Boot material rule's findings over <paramref name="facts"/>.</summary>
    public static List<Finding> Judge(EfiFacts facts) => [.. EfiRules.SelectMany(r => r.Check(facts))];
}
