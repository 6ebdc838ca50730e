using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>Findings of <c>talguard secureboot inspect|verify</c> (TG-BOOT-1xx): key material and booted state.</summary>
public static class SecureBootKeyRules
{
    public static readonly RuleDescriptor Expired = Create(
        "TG-BOOT-101", Severity.High, "Secure Boot certificate has expired",
        "Firmware ignores expiry, but signing tools, audits and revocation processes do not: an expired PK/KEK/db certificate means the key set is past its planned life and rotation was missed.",
        "Generate a new key set (talguard secureboot keys) and enrol it; sign new UKIs with the new db key.",
        RuleInputs.EfiFile,
        RuleControls.Of("", "3.7.4", "CC6.8"));

    public static readonly RuleDescriptor ExpiresSoon = Create(
        "TG-BOOT-102", Severity.Medium, "Secure Boot certificate expires soon",
        "A certificate that expires within the warning window needs a planned rotation before new images can be signed with it.",
        "Plan a key rotation: generate new keys, append the new db certificate with a KEK-signed update, then re-sign UKIs.",
        RuleInputs.EfiFile,
        RuleControls.Of("", "3.7.4", "CC6.8"));

    public static readonly RuleDescriptor WeakKey = Create(
        "TG-BOOT-103", Severity.High, "Secure Boot key is shorter than 2048 bits",
        "RSA keys below 2048 bits can be factored with modest resources; anyone who does can sign boot code the firmware trusts.",
        "Replace the key with an RSA-2048 (widest firmware support) or RSA-4096 key.",
        RuleInputs.EfiFile,
        RuleControls.Of("", "3.7.1", "CC6.8"));

    public static readonly RuleDescriptor Sha1 = Create(
        "TG-BOOT-104", Severity.High, "SHA-1 used in Secure Boot material",
        "SHA-1 collisions are practical (SHAttered, 2017); a SHA-1 certificate signature, signed update or hash entry can be forged.",
        "Re-issue certificates and signatures with SHA-256.",
        RuleInputs.EfiFile,
        RuleControls.Of("", "3.7.1 3.7.5", "CC6.8"));

    public static readonly RuleDescriptor TestKey = Create(
        "TG-BOOT-105", Severity.Critical, "Known test key enrolled (PKfail)",
        "Vendor reference code ships test platform keys whose private keys are public (subjects contain \"DO NOT TRUST\" or \"DO NOT SHIP\"). With such a PK anyone can enrol their own KEK and db and boot arbitrary code.",
        "Enter setup mode in the firmware and enrol your own PK, KEK and db (talguard secureboot keys), or install the vendor's fixed firmware.",
        RuleInputs.EfiFile,
        RuleControls.Of("", "3.7.5 3.7.7", "CC6.8"));

    public static readonly RuleDescriptor MissingMicrosoftUefiCa = Create(
        "TG-BOOT-106", Severity.High, "db lacks the Microsoft UEFI CA that option ROMs need",
        "GPUs, NICs and storage controllers carry option ROMs signed by the Microsoft UEFI CA. With Secure Boot enforced and no such CA in db, the firmware refuses them: no display, no network boot, or a machine that does not boot at all.",
        "Append the Microsoft UEFI CA 2011 and 2023 certificates to db (talosctl gen secureboot database --include-well-known-uefi-certs, or a KEK-signed append update), or confirm the hardware has no option ROMs.",
        RuleInputs.EfiFile,
        RuleControls.None("a db that refuses option ROMs keeps machines from booting: an availability concern that no CIS, PCI DSS or SOC 2 control in our lists covers"));

    public static readonly RuleDescriptor ReadablePrivateKey = Create(
        "TG-BOOT-107", Severity.High, "Secure Boot private key is readable by group or others",
        "Whoever reads the PK, KEK, db or UKI signing key can sign boot code or key updates the machines trust.",
        "chmod 600 the key file (better: keep signing keys in an HSM or offline).",
        RuleInputs.EfiFile,
        RuleControls.Of("", "3.6.1 3.7.3", "CC6.1"));

    public static readonly RuleDescriptor PemInSignatureList = Create(
        "TG-BOOT-108", Severity.Low, "X509 signature entry holds PEM text instead of DER",
        "UEFI requires a DER certificate in EFI_CERT_X509 entries. Talos's database generator stores PEM text; efi-readvar crashes on it and strict firmware may ignore the entry.",
        "Store the DER form (cert-to-efi-sig-list or talguard secureboot keys) when you build the signature lists yourself.",
        RuleInputs.EfiFile,
        RuleControls.None("PEM instead of DER in a signature entry is an encoding defect (strict firmware may skip the entry), not a security control"));

    public static readonly RuleDescriptor BadSignature = Create(
        "TG-BOOT-109", Severity.High, "Signature does not verify",
        "A signed update or UKI whose signature fails (or is absent) is rejected by firmware, or was changed after signing.",
        "Re-sign the file with the right key; check that nothing modified it after signing.",
        RuleInputs.EfiFile,
        RuleControls.Of("", "2.2.1", "CC6.8"));

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

    public static IReadOnlyList<RuleDescriptor> All { get; } =
    [
        Expired, ExpiresSoon, WeakKey, Sha1, TestKey, MissingMicrosoftUefiCa, ReadablePrivateKey, PemInSignatureList,
        BadSignature, SecureBootOff, NotBootedFromUki, UkiKeyMismatch, ModuleSignaturesNotEnforced, PcrKeyMismatch,
    ];

    private static RuleDescriptor Create(string id, Severity severity, string title, string rationale, string remediation, RuleInputs inputs, RuleControls controls) =>
        RuleDescriptor.Create(id, severity, Section.SecureBoot, title, rationale, remediation, inputs, controls);
}
