using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>TG-BOOT-110: the node reports Secure Boot off.</summary>
public sealed class SecureBootOffRule : SecurityStateRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-BOOT-110", Severity.High, Section.SecureBoot,
        "Secure Boot is not enforced on the node",
        "Without Secure Boot the firmware boots any kernel and initramfs, so TPM-sealed disk keys and the measured chain protect nothing.",
        "Enrol the keys (PK, KEK, db) and enable Secure Boot in the firmware; install from a secureboot installer image.",
        RuleInputs.NodeEvidence,
        RuleControls.Of("", "2.2.1 2.2.6", "CC6.8"));

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(SecurityStateFacts state) =>
        RequireTrue(state.SecureBoot, state.NodePrefix + "secureBoot is not true (firmware Secure Boot off, or in setup mode)");
}
