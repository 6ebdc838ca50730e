using System.Text;
using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.Network;

/// <summary>
/// The ingress firewall Talos recommends, as patch documents: block by default, then open only what the node's role
/// needs (apid, trustd, kubelet, API server, etcd between control planes, CNI VXLAN) from the narrowest known sources.
/// </summary>
public static class FirewallPatch
{
    private static readonly string[] PrivateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];
    private static readonly string[] Anywhere = ["0.0.0.0/0", "::/0"];

    /// <param name="controlPlanePeers">The control planes' addresses (<see cref="ControlPlaneAddresses"/>), computed once per scan.</param>
    public static string For(TalosConfigFile file, IReadOnlyList<string> controlPlanePeers, ScanOptions options)
    {
        var clusterSubnets = ClusterSubnets(file);
        var cluster = clusterSubnets.Count > 0 ? clusterSubnets : PrivateRanges;
        var management = options.ManagementNetworks.Select(Cidr.Format).ToList();
        var text = new StringBuilder();
        text.Append("apiVersion: v1alpha1\nkind: NetworkDefaultActionConfig\ningress: block\n");
        if (clusterSubnets.Count == 0)
        {
            text.Append("# cluster subnet unknown: the rules below allow the private ranges; narrow them to the node network\n");
        }

        if (file.IsControlPlane)
        {
            AppendRule(text, "apid-ingress", "tcp", ["50000"], management.Count > 0 ? management : Anywhere);
            AppendRule(text, "kube-apiserver-ingress", "tcp", ["6443"], Anywhere);
            AppendRule(text, "trustd-ingress", "tcp", ["50001"], cluster);
            AppendRule(text, "kubelet-ingress", "tcp", ["10250"], cluster);
            if (controlPlanePeers.Count > 0)
            {
                AppendRule(text, "etcd-ingress", "tcp", ["2379-2380"], controlPlanePeers);
            }
            else
            {
                text.Append("# etcd 2379-2380/tcp: add a NetworkRuleConfig allowing each control-plane address as /32 or /128\n");
            }
        }
        else
        {
            AppendRule(text, "apid-ingress", "tcp", ["50000"], [.. cluster.Concat(management).Distinct()]);
            AppendRule(text, "kubelet-ingress", "tcp", ["10250"], cluster);
        }

        AppendRule(text, "cni-vxlan", "udp", ["4789", "8472"], cluster);
        return text.ToString();
    }

    /// <summary>Subnets the node's cluster traffic uses: <c>nodeIP.validSubnets</c>, else the networks of its static addresses.</summary>
    public static IReadOnlyList<string> ClusterSubnets(TalosConfigFile file)
    {
        var network = NodeNetwork.Of(file);
        var valid = new List<string>();
        foreach (var text in network.ValidSubnets.SelectMany(list => list.Values))
        {
            if (!text.StartsWith('!') && Cidr.TryParse(text, out var subnet))
            {
                valid.Add(Cidr.Format(subnet));
            }
        }

        return valid.Count > 0 ? valid : [.. network.Addresses.Select(a => Cidr.Format(a.Network)).Distinct()];
    }

    /// <summary>Every control plane's static address as a single-host subnet: the sources etcd should accept.</summary>
    public static List<string> ControlPlaneAddresses(ClusterModel model) =>
        [.. model.ControlPlanes.SelectMany(file => NodeNetwork.Of(file).Addresses).Select(a => Cidr.Format(Cidr.Host(a.Address))).Distinct()];

    private static void AppendRule(StringBuilder text, string name, string protocol, IReadOnlyList<string> ports, IReadOnlyList<string> subnets)
    {
        text.Append("---\napiVersion: v1alpha1\nkind: NetworkRuleConfig\nname: ").Append(name)
            .Append("\nportSelector:\n  ports:\n");
        foreach (var port in ports)
        {
            text.Append("    - ").Append(port.Contains('-', StringComparison.Ordinal) ? $"\"{port}\"" : port).Append('\n');
        }

        text.Append("  protocol: ").Append(protocol).Append("\ningress:\n");
        foreach (var subnet in subnets)
        {
            text.Append("  - subnet: \"").Append(subnet).Append("\"\n");
        }
    }
}
