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
        "Set machine.kubelet.nodeIP.validSubnets to the cluster network's subnet.");

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Model.NodeConfigs)
        {
            var links = NodeLinks.Declared(file);
            if (links.Count < 2 || NodeLinks.ValidSubnets(file).Any())
            {
                continue;
            }

            var subnets = FirewallPatch.ClusterSubnets(file);
            var patch = subnets.Count > 0
                ? TalosPatch.Set([subnets[0]], "machine", "kubelet", "nodeIP", "validSubnets")
                : null;
            context.ReportMissingPath(Definition, file.MachineConfig!,
                $"{links.Count} links are declared but machine.kubelet.nodeIP.validSubnets is unset: the kubelet may pick its node IP "
                + "on the wrong network"
                + (patch is null ? string.Empty : $" (the patch assumes the first static network, {subnets[0]}, is the cluster network)"),
                patch, "machine", "kubelet", "nodeIP", "validSubnets");
        }
    }
}
