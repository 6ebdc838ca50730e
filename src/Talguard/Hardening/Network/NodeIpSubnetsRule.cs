using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.Network;

/// <summary>TG-NET-005: several links but no rule for which address the kubelet advertises.</summary>
public sealed class NodeIpSubnetsRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-NET-005", Severity.Medium, Section.Network,
        "Several interfaces but no kubelet nodeIP.validSubnets",
        "With more than one link, the kubelet may advertise an address on the management or storage network as the node IP; "
        + "cluster traffic (and kubelet, etcd, CNI ports) then crosses the network meant to be isolated.",
        "Set machine.kubelet.nodeIP.validSubnets to the cluster network's subnet.",
        inputs: RuleInputs.NodeConfig,
        controls: RuleControls.Of("", "2.2.1", "CC6.6"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            var network = NodeNetwork.Of(file);
            var links = network.LinkNames;
            if (links.Count < 2 || network.ValidSubnets.Count > 0 || network.Main is not { } main)
            {
                continue;
            }

            var subnets = FirewallPatch.ClusterSubnets(file);
            var patch = subnets.Count > 0
                ? TalosPatch.Set([subnets[0]], "machine", "kubelet", "nodeIP", "validSubnets")
                : null;
            context.ReportMissing(Definition, main, network.NearestToValidSubnets(), NodeNetwork.ValidSubnetsPathText,
                $"{links.Count} links are declared but machine.kubelet.nodeIP.validSubnets is unset: the kubelet may pick its node IP "
                + "on the wrong network"
                + (patch is null ? string.Empty : $" (the patch assumes the first static network, {subnets[0]}, is the cluster network)"),
                patch);
        }
    }
}
