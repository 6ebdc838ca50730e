using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>TG-BOOT-111: the node did not boot from a Talos UKI.</summary>
public sealed class NotBootedFromUkiRule : SecurityStateRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-BOOT-111", Severity.High, Section.SecureBoot,
        "Node did not boot from a Talos UKI",
        "Only the signed UKI (systemd-boot + kernel + initramfs + cmdline in one signed PE) gives a verified, measured boot; a GRUB boot path is not covered.",
        "Reinstall with a secureboot installer (factory.talos.dev/installer-secureboot/...) so systemd-boot boots the UKI.",
        RuleInputs.NodeEvidence,
        RuleControls.Of("", "2.2.1 2.2.6", "CC6.8"));

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(SecurityStateFacts state) =>
        RequireTrue(state.BootedWithUki, state.NodePrefix + "bootedWithUKI is not true (booted through GRUB or a non-Talos loader entry)");
}
