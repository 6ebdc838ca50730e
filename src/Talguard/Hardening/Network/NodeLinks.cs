using System.Globalization;
using System.Net;
using Talguard.Model;

namespace Talguard.Hardening.Network;

/// <summary>The network links a node config declares and the addresses it assigns, legacy and v1.12+ documents alike.</summary>
public static class NodeLinks
{
    /// <summary>Documents that declare or configure one link, named by their <c>name</c>.</summary>
    public static readonly IReadOnlyList<string> LinkKinds =
        ["LinkConfig", "BondConfig", "BridgeConfig", "VLANConfig", "DummyLinkConfig", "VRFConfig", "VethConfig", "WireguardConfig", "DHCPv4Config", "DHCPv6Config"];

    /// <summary>Distinct link names: legacy <c>machine.network.interfaces[]</c> (and their VLANs) plus link documents (a bond's member links count when they have their own document).</summary>
    public static IReadOnlySet<string> Declared(TalosConfigFile file)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in LegacyInterfaces(file))
        {
            var name = item["interface"]?.AsString() is { Length: > 0 } given ? given : "deviceSelector" + item.Path;
            names.Add(name);
            foreach (var vlan in item["vlans"]?.Items ?? [])
            {
                names.Add(name + "." + (vlan["vlanId"]?.AsString() ?? vlan.IndexInParent.ToString(CultureInfo.InvariantCulture)));
            }
        }

        foreach (var document in file.Documents.Where(d => d.Class == DocumentClass.TalosDocument && LinkKinds.Contains(d.Kind)))
        {
            names.Add(document.At("name")?.AsString() ?? document.Kind + document.Index.ToString(CultureInfo.InvariantCulture));
        }

        return names;
    }

    /// <summary>Static addresses with their prefix (<c>10.0.1.10/24</c>) assigned by the config, in file order.</summary>
    public static IReadOnlyList<(IPAddress Address, IPNetwork Network)> Addresses(TalosConfigFile file)
    {
        var texts = new List<string?>();
        foreach (var item in LegacyInterfaces(file))
        {
            texts.AddRange(item["addresses"]?.Items.Select(a => a.AsString()) ?? []);
            texts.AddRange(item["vlans"]?.Items.SelectMany(v => v["addresses"]?.Items ?? []).Select(a => a.AsString()) ?? []);
        }

        foreach (var document in file.Documents.Where(d => d.Class == DocumentClass.TalosDocument && LinkKinds.Contains(d.Kind)))
        {
            texts.AddRange(document.At("addresses")?.Items.Select(a => a["address"]?.AsString()) ?? []);
        }

        var found = new List<(IPAddress, IPNetwork)>();
        foreach (var text in texts)
        {
            var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
            if (slash > 0 && Cidr.TryParseAddress(text![..slash], out var address) && Cidr.TryParse(text, out var network))
            {
                found.Add((address, network));
            }
        }

        return found;
    }

    /// <summary>Non-empty <c>nodeIP.validSubnets</c> lists: <c>machine.kubelet</c>, or a v1.14 KubeNodeConfig document.</summary>
    public static IEnumerable<YamlNode> ValidSubnets(TalosConfigFile file) =>
        new[] { file.MachineConfig?.At("machine", "kubelet", "nodeIP", "validSubnets") }
            .Concat(file.OfKind("KubeNodeConfig").Select(d => d.At("nodeIP", "validSubnets")))
            .Where(list => list is { IsSequence: true, Items.Count: > 0 })
            .Select(list => list!);

    private static IEnumerable<YamlNode> LegacyInterfaces(TalosConfigFile file) =>
        (file.MachineConfig?.At("machine", "network", "interfaces")?.Items ?? []).Where(i => i.IsMapping && i["ignore"]?.AsBool() != true);
}
