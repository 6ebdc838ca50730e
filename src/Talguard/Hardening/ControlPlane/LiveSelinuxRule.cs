using Talguard.Evidence;
using Talguard.Findings;

namespace Talguard.Hardening.ControlPlane;

/// <summary>TG-LIVE-002: the node's SELinux is disabled (<c>selinuxState</c> absent) or not <c>enabled, enforcing</c>.</summary>
internal sealed class LiveSelinuxRule : EvidenceRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-LIVE-002", Severity.Medium, Section.ControlPlane,
        "SELinux is not enforcing on the node",
        "Talos ships an SELinux policy that confines its services and containers, but in permissive mode (the default) it only logs: a compromised process is not stopped by it.",
        "Boot with enforcing=1 on the kernel command line (Image Factory schematic extraKernelArgs or machine.install.extraKernelArgs) once the workloads run clean in permissive mode; keep selinux=1.",
        RuleInputs.NodeEvidence,
        RuleControls.Of("", "2.2.6", "CC6.8"));

    private const string Enforcing = "enabled, enforcing";

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(NodeEvidence node)
    {
        if (node.Required(TalosResourceKinds.SecurityState, TalosResourceKinds.SecurityState) is not { } state)
        {
            return;
        }

        var selinux = state["selinuxState"]?.AsString();
        if (selinux != Enforcing)
        {
            node.ReportField(Definition, state, "selinuxState", selinux is null ? "SELinux is disabled" : "SELinux is not enforcing");
        }
    }
}
