using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;

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
    public static TalosConfigPatch For(TalosConfigFile file, IReadOnlyList<string> controlPlanePeers, ScanOptions options)
    {
        var clusterSubnets = ClusterSubnets(file);
        var cluster = clusterSubnets.Count > 0 ? clusterSubnets : PrivateRanges;
        var management = options.ManagementNetworks.Select(Cidr.Format).ToList();
        var documents = new List<TalosPatchDocument>
        {
            Document("NetworkDefaultActionConfig", null, null, ("ingress", ConfigScalar.String("block"))),
        };
        string? unknownSubnet = clusterSubnets.Count == 0
            ? "cluster subnet unknown: the rules below allow the private ranges; narrow them to the node network"
            : null;
        string? etcdHint = null;
        if (file.IsControlPlane)
        {
            documents.Add(Rule("apid-ingress", "tcp", ["50000"], management.Count > 0 ? management : Anywhere, unknownSubnet));
            documents.Add(Rule("kube-apiserver-ingress", "tcp", ["6443"], Anywhere));
            documents.Add(Rule("trustd-ingress", "tcp", ["50001"], cluster));
            documents.Add(Rule("kubelet-ingress", "tcp", ["10250"], cluster));
            if (controlPlanePeers.Count > 0)
            {
                documents.Add(Rule("etcd-ingress", "tcp", ["2379-2380"], controlPlanePeers));
            }
            else
            {
                etcdHint = "etcd 2379-2380/tcp: add a NetworkRuleConfig allowing each control-plane address as /32 or /128";
            }
        }
        else
        {
            documents.Add(Rule("apid-ingress", "tcp", ["50000"], [.. cluster.Concat(management).Distinct()], unknownSubnet));
            documents.Add(Rule("kubelet-ingress", "tcp", ["10250"], cluster));
        }

        documents.Add(Rule("cni-vxlan", "udp", ["4789", "8472"], cluster, etcdHint));
        return TalosPatch.Of(documents);
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

    /// <param name="comment">A hint written above the document.</param>
    internal static TalosPatchDocument Rule(string name, string protocol, IReadOnlyList<string> ports, IReadOnlyList<string> subnets, string? comment = null) =>
        Document("NetworkRuleConfig", name, comment,
            ("portSelector", ConfigMapping.Of(
                ("ports", new ConfigSequence(ports.Select(Port))),
                ("protocol", ConfigScalar.String(protocol)))),
            ("ingress", new ConfigSequence(subnets.Select(s => ConfigMapping.Of(("subnet", ConfigScalar.Quoted(s)))))));

    /// <summary>A single port is an integer, a range a string.</summary>
    private static ConfigScalar Port(string port) =>
        port.Contains('-', StringComparison.Ordinal) ? ConfigScalar.Quoted(port) : ConfigScalar.Of(long.Parse(port, System.Globalization.CultureInfo.InvariantCulture));

    /// <param name="comment">A hint written above the document.</param>
    private static TalosPatchDocument Document(string kind, string? name, string? comment, params ReadOnlySpan<(string Key, ConfigNode Value)> fields)
    {
        var content = new ConfigMapping { Comment = comment };
        content["apiVersion"] = ConfigScalar.String("v1alpha1");
        content["kind"] = ConfigScalar.String(kind);
        if (name is not null)
        {
            content["name"] = ConfigScalar.String(name);
        }

        foreach (var (key, value) in fields)
        {
            content[key] = value;
        }

        return new TalosPatchDocument(new TalosDocumentSelector("v1alpha1", kind, name), content);
    }
}
