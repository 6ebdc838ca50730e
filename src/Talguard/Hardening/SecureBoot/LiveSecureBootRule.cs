using Talguard.Evidence;
using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>TG-LIVE-001: the node reports Secure Boot off (<c>securitystate.spec.secureBoot</c> false or absent).</summary>
internal sealed class LiveSecureBootRule : EvidenceRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-LIVE-001", Severity.High, Section.SecureBoot,
        "Secure Boot is not active on the node",
        "The node reports that the firmware did not verify what it booted: any kernel and initramfs would have run, and TPM-sealed disk keys protect nothing against a changed boot chain.",
        "Install from a Secure Boot image (Image Factory *-secureboot ISO or installer), enrol the keys and enable Secure Boot in the firmware; check with talosctl get securitystate.",
        RuleInputs.NodeEvidence,
        RuleControls.Of("", "2.2.1 2.2.6", "CC6.8"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(NodeEvidence node)
    {
        if (node.Required(TalosResourceKinds.SecurityState, TalosResourceKinds.SecurityState) is { } state && state["secureBoot"]?.AsBool() != true)
        {
            node.ReportField(Definition, state, "secureBoot", "Secure Boot is not active");
        }
    }
}
