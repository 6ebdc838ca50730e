using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;

namespace Talguard.Hardening.Network;

/// <summary>
/// The Talos ingress firewall (v1.6+, the same documents in v1.11 to v1.14): <c>NetworkDefaultActionConfig</c> blocks
/// by default, and one <c>NetworkRuleConfig</c> per service opens it from the narrowest sources the profile knows.
/// Talos itself always accepts <c>lo</c>, <c>siderolink</c> and <c>kubespan</c>, established connections, rate-limited
/// ICMP and pod-to-pod/service traffic, so those need no rule.
/// </summary>
internal sealed class FirewallGenerator : IHardeningGenerator
{
    /// <summary>From v1.14 Talos runs kube-proxy in nftables mode, which accepts NodePorts on the node's primary address only.</summary>
    private static readonly TalosVersion NftablesProxySince = new(1, 14);

    public Section Section => Section.Network;

    public void Generate(HardeningProfile profile, HardeningPlan plan)
    {
        var network = profile.Network;
        var controlPlaneHosts = profile.ControlPlaneNodes.Select(HostSubnet).Distinct(StringComparer.Ordinal).ToList();
        var cluster = new[] { network.ClusterCidr };
        var clusterAndPods = new[] { network.ClusterCidr, network.PodCidr };
        var operators = network.ManagementCidrs.Count > 0 ? network.ManagementCidrs : cluster;

        plan.AddPatch(Section, PatchTargets.All, ConfigMapping.Of(
            ("apiVersion", ConfigScalar.String("v1alpha1")),
            ("kind", ConfigScalar.String("NetworkDefaultActionConfig")),
            ("ingress", ConfigScalar.String("block"))));
        plan.AddPatch(Section, PatchTargets.All, Rule("apid-ingress", "tcp", ["50000"], [.. operators, .. controlPlaneHosts],
            "apid (Talos API): the management network, and the control planes, which proxy talosctl to the other nodes"));
        plan.AddPatch(Section, PatchTargets.ControlPlane, Rule("trustd-ingress", "tcp", ["50001"], cluster,
            "trustd signs the certificates of joining nodes: only the cluster network"));
        plan.AddPatch(Section, PatchTargets.All, Rule("kubelet-ingress", "tcp", ["10250"], clusterAndPods,
            "kubelet API: the API server (cluster network) and in-cluster scrapers such as metrics-server (pod network); it authenticates every call"));
        plan.AddPatch(Section, PatchTargets.ControlPlane, Rule("kube-apiserver-ingress", "tcp", ["6443"], [.. operators, .. clusterAndPods],
            "Kubernetes API: operators (management network), kubelets (cluster network) and pods that reach it through its node address"));
        plan.AddPatch(Section, PatchTargets.ControlPlane, Rule("etcd-ingress", "tcp", ["2379-2380"], controlPlaneHosts,
            "etcd client and peer ports: each control-plane node alone, never a subnet"));
        foreach (var rule in CniRules(profile.Cni, cluster, clusterAndPods))
        {
            plan.AddPatch(Section, PatchTargets.All, rule);
        }

        if (profile.TalosVersion < NftablesProxySince)
        {
            var nodePortAddresses = new ConfigScalar(ScalarKind.String, network.ClusterCidr)
            {
                PreferQuoted = true,
                Comment = "kube-proxy forwards NodePorts before the ingress firewall sees them: accept them on the cluster network only",
            };
            var extraArgs = ConfigMapping.Of(("nodeport-addresses", nodePortAddresses));
            plan.AddPatch(Section, PatchTargets.ControlPlane,
                ConfigMapping.Of(("cluster", ConfigMapping.Of(("proxy", ConfigMapping.Of(("extraArgs", extraArgs)))))));
        }

        plan.AddNote(Section,
            "Apply the firewall with `talosctl apply-config --mode=try` first (it rolls back unless confirmed) and check the rules with "
            + "`talosctl get nftableschain -o yaml`. Traffic to the storage networks is outgoing and needs no rule (replies are "
            + "accepted); a storage daemon that listens on the host network (Ceph, iSCSI target) needs its own NetworkRuleConfig. "
            + "KubeSpan needs one for WireGuard (51820/udp).");
        if (profile.Cni == CniChoice.None)
        {
            plan.AddNote(Section, "CNI `none`: no CNI port is opened; add a NetworkRuleConfig for the ports your CNI uses between nodes.");
        }
        else if (profile.Cni == CniChoice.Calico)
        {
            plan.AddNote(Section,
                "Calico: use VXLAN encapsulation; IP-in-IP is IP protocol 4, which a NetworkRuleConfig cannot open (tcp, udp, icmp and icmpv6 only).");
        }
    }

    /// <summary>The node-to-node ports of each CNI (Cilium's system requirements, Talos's Flannel manifest, Calico's requirements).</summary>
    private static IEnumerable<ConfigMapping> CniRules(CniChoice cni, string[] cluster, string[] clusterAndPods) => cni switch
    {
        CniChoice.Cilium =>
        [
            Rule("cilium-vxlan-ingress", "udp", ["8472"], cluster, "Cilium VXLAN overlay between nodes"),
            Rule("cilium-health-ingress", "tcp", ["4240"], cluster, "Cilium node health checks"),
            Rule("cilium-hubble-ingress", "tcp", ["4244"], clusterAndPods, "Hubble server: Hubble Relay connects to every node from the pod network"),
        ],
        CniChoice.Flannel => [Rule("flannel-vxlan-ingress", "udp", ["4789"], cluster, "Flannel VXLAN overlay between nodes (Talos configures port 4789)")],
        CniChoice.Calico =>
        [
            Rule("calico-bgp-ingress", "tcp", ["179"], cluster, "Calico BGP between nodes"),
            Rule("calico-vxlan-ingress", "udp", ["4789"], cluster, "Calico VXLAN overlay between nodes"),
            Rule("calico-typha-ingress", "tcp", ["5473"], cluster, "Calico Typha: Felix on every node connects to it"),
        ],
        _ => [],
    };

    /// <param name="ports">Single ports (<c>"50000"</c>) or inclusive ranges (<c>"2379-2380"</c>).</param>
    /// <param name="why">Written above the document.</param>
    private static ConfigMapping Rule(string name, string protocol, IReadOnlyList<string> ports, IReadOnlyList<string> sources, string why) =>
        FirewallPatch.Rule(name, protocol, ports, Narrowest(sources), why).Content;

    /// <summary>The sources once each, without one already inside another (a control plane inside the management network).</summary>
    private static List<string> Narrowest(IReadOnlyList<string> sources)
    {
        var parsed = sources.Distinct(StringComparer.Ordinal)
            .Select(s => Cidr.TryParse(s, out var network) ? network : throw new InvalidOperationException($"'{s}' is not a CIDR; the profile reader checks them"))
            .Distinct()
            .ToList();
        return [.. parsed.Where(n => !parsed.Any(other => other != n && Cidr.Contains(other, n))).Select(Cidr.Format)];
    }

    /// <summary>A control-plane node as a single-address subnet: /32 or /128.</summary>
    private static string HostSubnet(string address) =>
        Cidr.TryParseAddress(address, out var ip) ? Cidr.Format(Cidr.Host(ip))
        : throw new InvalidOperationException($"control-plane node '{address}' is not an IP address; the profile reader checks them");
}
