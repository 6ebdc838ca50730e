using Talguard.Evidence;
using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Hardening.SecureBoot;

/// <summary>
/// TG-LIVE-003: a v1.12+ node does not enforce kernel module signatures (<c>moduleSignatureEnforced</c> absent or
/// false). v1.11 nodes do not report the field, so they are not judged.
/// </summary>
internal sealed class LiveModuleSignaturesRule : EvidenceRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-LIVE-003", Severity.Medium, Section.SecureBoot,
        "Kernel module signatures are not enforced on the node",
        "Without module.sig_enforce=1 root can load an unsigned kernel module and so run code in the kernel, past every other control.",
        "Keep module.sig_enforce=1 on the kernel command line (the Talos default); do not remove it in the Image Factory schematic or extraKernelArgs.",
        RuleInputs.NodeEvidence,
        RuleControls.Of("", "2.2.6", "CC6.8"),
        new TalosVersionRange(new TalosVersion(1, 12)));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(NodeEvidence node)
    {
        if (node.Required(TalosResourceKinds.SecurityState, TalosResourceKinds.SecurityState) is { } state
            && state["moduleSignatureEnforced"]?.AsBool() != true
            && node.Judges(Definition, TalosResourceKinds.SecurityState))
        {
            node.ReportField(Definition, state, "moduleSignatureEnforced", $"kernel module signatures are not enforced (Talos {node.Node.Release})");
        }
    }
}
