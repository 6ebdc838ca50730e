using System.Globalization;
using System.Net;
using Talguard.Hardening.Network;

namespace Talguard.Model.Talos;

/// <summary>A network link the config declares: a <c>machine.network.interfaces[]</c> item, one of its VLANs, or a v1.12+ link document.</summary>
/// <param name="Name">The link name; an unnamed item gets a name unique within the file.</param>
/// <param name="Node">The interface or VLAN item, or the link document's root.</param>
public sealed record NodeLink(string Name, LocatedDocument Document, YamlNode Node);

/// <summary>A static address with its prefix (<c>10.0.1.10/24</c>) that the config assigns to a link.</summary>
/// <param name="Network">The address's subnet, host bits cleared.</param>
/// <param name="Node">The scalar holding the address.</param>
public sealed record NodeAddress(IPAddress Address, IPNetwork Network, LocatedDocument Document, YamlNode Node);

/// <summary>One <c>nodeIP.validSubnets</c> list: the networks the kubelet may pick its node IP from (<c>!</c> excludes one).</summary>
public sealed record NodeIpValidSubnets(LocatedDocument Document, YamlNode Node)
{
    public IEnumerable<string> Values => Node.Items.Select(item => item.AsString()).OfType<string>();
}

/// <summary>
/// The node's links and addressing: legacy <c>machine.network.interfaces[]</c> (and their VLANs), the v1.12+ link
/// documents, and the kubelet's <c>nodeIP.validSubnets</c> from <c>machine.kubelet</c> or a v1.14 <c>KubeNodeConfig</c>.
/// Read from the main document whatever it is (full config or bare patch) and the file's documents.
/// </summary>
public sealed class NodeNetwork
{
    /// <summary>Documents that declare or configure one link, named by their <c>name</c>.</summary>
    public static readonly IReadOnlyList<string> LinkKinds =
        ["LinkConfig", "BondConfig", "BridgeConfig", "VLANConfig", "DummyLinkConfig", "VRFConfig", "VethConfig", "WireguardConfig", "DHCPv4Config", "DHCPv6Config"];

    private static readonly string[] ValidSubnetsPath = ["machine", "kubelet", "nodeIP", "validSubnets"];

    private NodeNetwork(TalosConfigFile file)
    {
        var links = new List<NodeLink>();
        var addresses = new List<NodeAddress?>();
        var validSubnets = new List<NodeIpValidSubnets>();
        Main = file.Main;
        if (Main is { } main)
        {
            foreach (var item in main.At("machine", "network", "interfaces")?.Items ?? [])
            {
                if (!item.IsMapping || item["ignore"]?.AsBool() == true)
                {
                    continue;
                }

                var name = item["interface"]?.AsString() is { Length: > 0 } given ? given : "deviceSelector" + item.Path;
                links.Add(new NodeLink(name, main, item));
                addresses.AddRange((item["addresses"]?.Items ?? []).Select(a => ReadAddress(main, a)));
                foreach (var vlan in item["vlans"]?.Items ?? [])
                {
                    links.Add(new NodeLink(name + "." + (vlan["vlanId"]?.AsString() ?? vlan.IndexInParent.ToString(CultureInfo.InvariantCulture)), main, vlan));
                    addresses.AddRange((vlan["addresses"]?.Items ?? []).Select(a => ReadAddress(main, a)));
                }
            }

            if (main.At(ValidSubnetsPath) is { IsSequence: true, Items.Count: > 0 } valid)
            {
                validSubnets.Add(new NodeIpValidSubnets(main, valid));
            }
        }

        foreach (var document in file.Documents.Where(d => d.Class == DocumentClass.TalosDocument && d.Root is not null && LinkKinds.Contains(d.Kind)))
        {
            links.Add(new NodeLink(document.At("name")?.AsString() ?? document.Kind + document.Index.ToString(CultureInfo.InvariantCulture), document, document.Root!));
            addresses.AddRange((document.At("addresses")?.Items ?? []).Select(a => ReadAddress(document, a["address"])));
        }

        foreach (var document in file.OfKind("KubeNodeConfig"))
        {
            if (document.At("nodeIP", "validSubnets") is { IsSequence: true, Items.Count: > 0 } valid)
            {
                validSubnets.Add(new NodeIpValidSubnets(document, valid));
            }
        }

        Links = links;
        Addresses = [.. addresses.OfType<NodeAddress>()];
        ValidSubnets = validSubnets;
    }

    /// <summary>Every declared link, in file order (a name declared twice appears twice).</summary>
    public IReadOnlyList<NodeLink> Links { get; }

    /// <summary>Distinct link names (a bond's member links count when they have their own document).</summary>
    public IReadOnlySet<string> LinkNames => Links.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>Static addresses assigned by the config, in file order.</summary>
    public IReadOnlyList<NodeAddress> Addresses { get; }

    /// <summary>Non-empty <c>nodeIP.validSubnets</c> lists: <c>machine.kubelet</c>, then v1.14 KubeNodeConfig documents.</summary>
    public IReadOnlyList<NodeIpValidSubnets> ValidSubnets { get; }

    /// <summary>The main document: where a missing <c>machine.kubelet.nodeIP.validSubnets</c> belongs.</summary>
    public LocatedDocument? Main { get; }

    /// <summary>The path of <c>validSubnets</c> in the main document.</summary>
    public static string ValidSubnetsPathText => YamlPath.Join(ValidSubnetsPath);

    /// <summary>The deepest existing node on the way to <c>machine.kubelet.nodeIP.validSubnets</c>: where a finding about it being unset points.</summary>
    public YamlNode? NearestToValidSubnets()
    {
        var nearest = Main?.Root;
        foreach (var key in ValidSubnetsPath)
        {
            if (nearest?[key] is not { } next)
            {
                break;
            }

            nearest = next;
        }

        return nearest;
    }

    public static NodeNetwork Of(TalosConfigFile file) => file.View(static f => new NodeNetwork(f));

    private static NodeAddress? ReadAddress(LocatedDocument document, YamlNode? node)
    {
        var text = node?.AsString();
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash > 0 && Cidr.TryParseAddress(text![..slash], out var address) && Cidr.TryParse(text, out var network)
            ? new NodeAddress(address, network, document, node!)
            : null;
    }
}
