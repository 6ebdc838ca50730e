using Talguard.Model;
using Talguard.Model.Talos;
using Talguard.Tests.Support;

namespace Talguard.Tests.Model.Talos;

public class NetworkAndApiAccessViewsTests
{
    private const string RuleDocument = "apiVersion: v1alpha1\nkind: NetworkRuleConfig\nname: apid\nportSelector:\n  ports: [50000, \"2379-2380\"]\ningress:\n  - subnet: 10.0.1.10/24\n    except: 10.0.1.11/32\n";

    private static TalosConfigFile File(string text) => Assert.Single(Yaml.Model(("f.yaml", text)).TalosFiles);

    [Fact]
    public void The_firewall_is_on_in_a_patch_without_a_default_action_but_not_in_a_node_config()
    {
        Assert.True(IngressFirewall.Of(File(RuleDocument)).IsOn);
        Assert.False(IngressFirewall.Of(File("version: v1alpha1\nmachine:\n  type: worker\n---\n" + RuleDocument)).IsOn);
        Assert.False(IngressFirewall.Of(File(RuleDocument + "---\napiVersion: v1alpha1\nkind: NetworkDefaultActionConfig\ningress: accept\n")).IsOn);
    }

    [Fact]
    public void A_network_rule_keeps_its_ports_masked_subnets_and_entry_positions()
    {
        var rule = Assert.Single(IngressFirewall.Of(File(RuleDocument)).Rules);
        Assert.True(rule.IsTcp);
        Assert.Equal([new PortRange(50000, 50000), new PortRange(2379, 2380)], rule.Ports);
        var entry = Assert.Single(rule.Ingress);
        Assert.Equal("10.0.1.0/24", entry.Subnet.ToString());
        Assert.Equal("apid", entry.RuleName);
        Assert.Equal(7, entry.Node.Start.Line);
        var firewall = IngressFirewall.Of(File(RuleDocument));
        Assert.Single(firewall.EntriesOpening([2380]));
        Assert.Empty(firewall.EntriesOpening([2381]));
    }

    [Fact]
    public void Node_network_reads_a_bare_patch_and_link_documents_alike()
    {
        const string patch = "machine:\n  network:\n    interfaces:\n      - interface: eth0\n        addresses: [10.0.1.20/24]\n        vlans:\n          - vlanId: 7\n            addresses: [192.168.7.20/24]\n";
        var network = NodeNetwork.Of(File(patch + "---\napiVersion: v1alpha1\nkind: LinkConfig\nname: eth1\naddresses:\n  - address: fd00::20/64\n"));

        Assert.Equal(["eth0", "eth0.7", "eth1"], network.Links.Select(l => l.Name));
        Assert.Equal(["10.0.1.0/24", "192.168.7.0/24", "fd00::/64"], network.Addresses.Select(a => a.Network.ToString()));
        Assert.Equal(14, network.Addresses[2].Node.Start.Line);
        Assert.Empty(network.ValidSubnets);
    }

    [Fact]
    public void Valid_subnets_come_from_the_kubelet_and_the_v1_14_kube_node_config()
    {
        var network = NodeNetwork.Of(File("machine:\n  kubelet:\n    nodeIP:\n      validSubnets: [10.0.1.0/24]\n---\napiVersion: v1alpha1\nkind: KubeNodeConfig\nnodeIP:\n  validSubnets: [\"!10.0.9.0/24\"]\n"));

        Assert.Equal(["10.0.1.0/24", "!10.0.9.0/24"], network.ValidSubnets.SelectMany(v => v.Values));
        Assert.Equal([DocumentClass.TalosMachineConfig, DocumentClass.TalosDocument], network.ValidSubnets.Select(v => v.Document.Class));
    }

    [Theory]
    [InlineData("version: v1alpha1\nmachine:\n  type: controlplane\n  features:\n    kubernetesTalosAPIAccess:\n      allowedRoles: [os:admin]\n", false)]
    [InlineData("version: v1alpha1\nmachine:\n  type: controlplane\n  features:\n    kubernetesTalosAPIAccess:\n      enabled: true\n      allowedRoles: [os:admin]\n", true)]
    [InlineData("machine:\n  features:\n    kubernetesTalosAPIAccess:\n      allowedRoles: [os:admin]\n", true)]
    [InlineData("machine:\n  features:\n    kubernetesTalosAPIAccess:\n      enabled: false\n      allowedRoles: [os:admin]\n", false)]
    [InlineData("apiVersion: v1alpha1\nkind: KubeTalosAPIAccessConfig\nallowedRoles: [os:admin]\n", true)]
    public void Pod_access_is_enabled_as_the_config_or_patch_says(string text, bool enabled)
    {
        var access = Assert.Single(TalosApiAccess.Of(File(text)).PodAccess);
        Assert.Equal(enabled, access.IsEnabled);
        Assert.Equal("os:admin", Assert.Single(access.AllowedRoles).AsString());
    }

    [Fact]
    public void Feature_switches_are_read_from_a_bare_patch()
    {
        var access = TalosApiAccess.Of(File("machine:\n  features:\n    rbac: false\n"));
        Assert.Equal(false, access.Rbac?.Value);
        Assert.Equal(3, access.Rbac?.Node.Start.Line);
        Assert.Null(access.ApidCheckExtKeyUsage);
    }

    [Fact]
    public void Log_destinations_come_from_the_main_document_and_kmsg_documents()
    {
        var destinations = LogDestinations.Of(File("machine:\n  logging:\n    destinations:\n      - endpoint: udp://10.0.0.5:514/\n---\napiVersion: v1alpha1\nkind: KmsgLogConfig\nname: k\nurl: tcp://10.0.0.6:5000/\n")).ToList();
        Assert.Equal(["udp://10.0.0.5:514/", "tcp://10.0.0.6:5000/"], destinations.Select(d => d.Url));
        Assert.Equal([4, 9], destinations.Select(d => d.Endpoint.Start.Line));
    }
}
