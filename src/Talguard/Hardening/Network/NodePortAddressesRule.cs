using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.Network;

/// <summary>
/// TG-NET-007 (an extension of spec/rules.md, see docs/rules-notes-nodes.md): with the ingress firewall on, kube-proxy accepts
/// NodePort connections on every node address, which the firewall does not filter.
/// </summary>
public sealed class NodePortAddressesRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-NET-007", Severity.Medium, Section.Network,
        "NodePorts accepted on every node address",
        "kube-proxy translates NodePort connections to pod addresses before Talos's ingress firewall, which filters traffic for the node's "
        + "own services, ever sees them: a NodePort service answers on every address kube-proxy accepts NodePorts on, whatever the "
        + "NetworkRuleConfig documents allow. Left unset, nodeport-addresses means every local address in iptables and ipvs mode "
        + "(Talos's default up to v1.13; v1.14's nftables mode defaults to the node's primary address); 0.0.0.0/0 and ::/0 say so explicitly.",
        "Set cluster.proxy.extraArgs.nodeport-addresses (v1.14: KubeProxyConfig) to the CIDRs of the cluster network, so NodePorts answer only "
        + "on the internal interface (the patch takes machine.kubelet.nodeIP.validSubnets when set); or disable kube-proxy for a CNI that "
        + "replaces it and limits NodePorts itself.",
        inputs: RuleInputs.ControlPlaneConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "1.3.1 1.4.2", "CC6.6"));

    private const string Flag = "nodeport-addresses";

    private static readonly TalosVersion NftablesDefaultSince = new(1, 14);

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            var proxy = KubeProxySettings.Of(file);
            // Without the firewall every port is open (TG-NET-001); a patch is assumed to go onto a node that blocks, as for TG-NET-002 to 004.
            if (proxy.IsDisabled || !IngressFirewall.Of(file).IsOn)
            {
                continue;
            }

            var internalNetworks = InternalNetworks(file);
            var set = false;
            foreach (var (document, arg) in proxy.ArgValues(Flag))
            {
                set = true;
                if (ExtraArgs.SplitList(arg.Value).Any(CoversEverything))
                {
                    context.Report(Definition, document, arg.Node,
                        $"{Flag} {arg.Value} lets kube-proxy forward NodePort connections arriving on any address, past the ingress firewall",
                        internalNetworks is { } networks ? TalosPatch.Set(document, arg.Entry, TalosPatch.Quote(networks)) : null);
                }
            }

            foreach (var (document, list) in proxy.ConfigNodePortAddresses)
            {
                set = true;
                foreach (var item in list.Items.Where(i => CoversEverything(i.AsString() ?? string.Empty)))
                {
                    context.Report(Definition, document, item,
                        $"nodePortAddresses {item.Value} lets kube-proxy forward NodePort connections arriving on any address, past the ingress firewall");
                }
            }

            var mode = proxy.Modes.Select(m => m.Text).LastOrDefault(m => m.Length > 0)
                ?? (file.TalosVersion >= NftablesDefaultSince ? "nftables" : "iptables");
            if (!set && file.IsComplete && file.Main is { } main && mode != "nftables")
            {
                context.ReportMissingPath(Definition, main,
                    $"kube-proxy ({mode} mode) has no {Flag}, so it forwards NodePort connections arriving on every local address, past the ingress firewall",
                    internalNetworks is { } networks ? TalosPatch.Set(TalosPatch.Quote(networks), "cluster", "proxy", "extraArgs", Flag) : null,
                    "cluster", "proxy", "extraArgs", Flag);
            }
        }
    }

    private static bool CoversEverything(string text) => Cidr.TryParse(text.Trim(), out var network) && network.PrefixLength == 0;

    /// <summary>The node's cluster networks as a flag value: the positive <c>nodeIP.validSubnets</c> entries; null when unknown.</summary>
    private static string? InternalNetworks(TalosConfigFile file)
    {
        var subnets = NodeNetwork.Of(file).ValidSubnets.SelectMany(v => v.Values)
            .Where(v => Cidr.TryParse(v, out var network) && network.PrefixLength > 0).Distinct(StringComparer.Ordinal).ToList();
        return subnets.Count > 0 ? string.Join(',', subnets) : null;
    }
}
