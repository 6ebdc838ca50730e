using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>TG-BOOT-113: the node does not enforce kernel module signatures.</summary>
public sealed class ModuleSignaturesNotEnforcedRule : SecurityStateRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-BOOT-113", Severity.Medium, Section.SecureBoot,
        "Kernel module signature enforcement is off",
        "Without module.sig_enforce=1 a root process can load an unsigned kernel module and escape every in-kernel control.",
        "Keep module.sig_enforce=1 on the kernel command line (the Talos default); do not remove it in the Image Factory schematic.",
        RuleInputs.NodeEvidence,
        RuleControls.Of("", "2.2.6", "CC6.8"));

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(SecurityStateFacts state) =>
        RequireTrue(state.ModuleSignatureEnforced, state.NodePrefix + "moduleSignatureEnforced is not true (module.sig_enforce=1 missing from the kernel command line)");
}
