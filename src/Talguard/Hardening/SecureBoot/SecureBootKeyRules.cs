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

    public static readonly RuleDescriptor SecureBootOff = Create(
        "TG-BOOT-110", Severity.High, "Secure Boot is not enforced on the node",
        "Without Secure Boot the firmware boots any kernel and initramfs, so TPM-sealed disk keys and the measured chain protect nothing.",
        "Enrol the keys (PK, KEK, db) and enable Secure Boot in the firmware; install from a secureboot installer image.",
        RuleInputs.NodeEvidence,
        RuleControls.Of("", "2.2.1 2.2.6", "CC6.8"));

    public static readonly RuleDescriptor NotBootedFromUki = Create(
        "TG-BOOT-111", Severity.High, "Node did not boot from a Talos UKI",
        "Only the signed UKI (systemd-boot + kernel + initramfs + cmdline in one signed PE) gives a verified, measured boot; a GRUB boot path is not covered.",
        "Reinstall with a secureboot installer (factory.talos.dev/installer-secureboot/...) so systemd-boot boots the UKI.",
        RuleInputs.NodeEvidence,
        RuleControls.Of("", "2.2.1 2.2.6", "CC6.8"));

    public static readonly RuleDescriptor UkiKeyMismatch = Create(
        "TG-BOOT-112", Severity.High, "UKI signing key differs from the expected certificate",
        "The node runs a UKI signed by a key other than yours: someone else's image, or a key rotation that was not planned.",
        "Compare the fingerprint with your uki-signing-cert; reinstall an image signed with your key.",
        RuleInputs.NodeEvidence,
        RuleControls.Of("", "3.7.7", "CC6.8"));

    public static readonly RuleDescriptor ModuleSignaturesNotEnforced = Create(
        "TG-BOOT-113", Severity.Medium, "Kernel module signature enforcement is off",
        "Without module.sig_enforce=1 a root process can load an unsigned kernel module and escape every in-kernel control.",
        "Keep module.sig_enforce=1 on the kernel command line (the Talos default); do not remove it in the Image Factory schematic.",
        RuleInputs.NodeEvidence,
        RuleControls.Of("", "2.2.6", "CC6.8"));

    public static readonly RuleDescriptor PcrKeyMismatch = Create(
        "TG-BOOT-114", Severity.High, "PCR signing key differs from the expected key",
        "TPM-sealed disk keys unlock under PCR 11 policies signed by this key. A node that booted an image with another PCR key (or none) runs a UKI that was not built with your keys.",
        "Compare the fingerprint with your pcr-signing-key; reinstall an image built with your UKI and PCR keys.",
        RuleInputs.NodeEvidence,
        RuleControls.Of("", "3.7.7", "CC6.8"));

    /// <summary>The rules over Secure Boot material (TG-BOOT-101..109) that <c>secureboot inspect</c> runs.</summary>
    public static IReadOnlyList<EfiRule> EfiRules { get; } =
    [
        new ExpiredCertificateRule(), new ExpiringCertificateRule(), new WeakKeyRule(), new Sha1Rule(), new TestKeyRule(),
        new MissingMicrosoftUefiCaRule(), new ReadablePrivateKeyRule(), new PemInSignatureListRule(), new BadSignatureRule(),
    ];

    public static IReadOnlyList<RuleDescriptor> All { get; } =
    [
        Expired, ExpiresSoon, WeakKey, Sha1, TestKey, MissingMicrosoftUefiCa, ReadablePrivateKey, PemInSignatureList,
        BadSignature, SecureBootOff, NotBootedFromUki, UkiKeyMismatch, ModuleSignaturesNotEnforced, PcrKeyMismatch,
    ];

    /// <summary>Every Secure Boot material rule's findings over <paramref name="facts"/>.</summary>
    public static List<Finding> Judge(EfiFacts facts) => [.. EfiRules.SelectMany(r => r.Check(facts))];

    private static RuleDescriptor Create(string id, Severity severity, string title, string rationale, string remediation, RuleInputs inputs, RuleControls controls) =>
        RuleDescriptor.Create(id, severity, Section.SecureBoot, title, rationale, remediation, inputs, controls);
}
