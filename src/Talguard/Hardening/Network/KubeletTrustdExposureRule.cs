using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.Network;

/// <summary>TG-NET-003: kubelet or trustd open to the whole internet.</summary>
public sealed class KubeletTrustdExposureRule : ExposedPortRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-NET-003", Severity.High, Section.Network,
        "kubelet or trustd open to any address",
        "The kubelet API (10250) runs commands in pods and trustd (50001) hands out certificates to joining nodes; both "
        + "only need the cluster network, and exposing them to 0.0.0.0/0 or ::/0 invites credential and exploit attempts.",
        "Restrict 10250 and 50001 to the cluster subnet in their NetworkRuleConfig.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "1.3.1 1.4.2", "CC6.6"));

    public override RuleDescriptor Descriptor => Definition;

    protected override int[] Ports => [10250, 50001];

    protected override string? Judge(IngressEntry entry, ScanContext context) =>
        entry.IsAnywhere ? Describe(entry) + " to the kubelet (10250) or trustd (50001): reachable from any address; allow only the cluster subnet" : null;
}
