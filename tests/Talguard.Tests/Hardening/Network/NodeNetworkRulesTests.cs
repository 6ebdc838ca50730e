using Talguard.Findings;
using Talguard.Hardening.Network;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.Network;

public class NodeNetworkRulesTests
{
    private const string LegacyTwoInterfaces = """
        version: v1alpha1
        machine:
          type: worker
          kubelet:
            image: ghcr.io/siderolabs/kubelet:v1.34.1
          network:
            interfaces:
              - interface: eth0
                addresses: [10.0.1.20/24]
              - interface: eth1
                addresses: [192.168.1.20/24]
        """;

    [Fact]
    public void Net005_fires_for_two_legacy_interfaces_and_its_patch_fixes_it()
    {
        var finding = FindingAssert.Single(Yaml.Check(new NodeIpSubnetsRule(), ("w.yaml", LegacyTwoInterfaces)), "machine.kubelet.nodeIP.validSubnets", 4, Severity.Medium);
        Assert.Contains("- 10.0.1.0/24", finding.Patch, StringComparison.Ordinal);
        FindingAssert.PatchFixes(new NodeIpSubnetsRule(), finding, LegacyTwoInterfaces);
    }

    [Fact]
    public void Net005_counts_v1_12_link_documents()
    {
        const string config = """
            version: v1alpha1
            machine:
              type: controlplane
            ---
            apiVersion: v1alpha1
            kind: LinkConfig
            name: eth0
            addresses:
              - address: 10.0.1.10/24
            ---
            apiVersion: v1alpha1
            kind: VLANConfig
            name: eth0.100
            vlanID: 100
            parent: eth0
            """;
        FindingAssert.Single(Yaml.Check(new NodeIpSubnetsRule(), ("cp.yaml", config)), "machine.kubelet.nodeIP.validSubnets", 2, Severity.Medium);
    }

    [Fact]
    public void Net005_counts_declared_link_documents_including_bond_members()
    {
        const string bond = """
            version: v1alpha1
            machine:
              type: worker
            ---
            apiVersion: v1alpha1
            kind: BondConfig
            name: bond0
            links: [eth0, eth1]
            bondMode: 802.3ad
            """;
        Assert.Empty(Yaml.Check(new NodeIpSubnetsRule(), ("w.yaml", bond)));
        var withMembers = bond + "\n---\napiVersion: v1alpha1\nkind: LinkConfig\nname: eth0\nup: true\n";
        Assert.Single(Yaml.Check(new NodeIpSubnetsRule(), ("w.yaml", withMembers)));
        var withDummy = bond + "\n---\napiVersion: v1alpha1\nkind: DummyLinkConfig\nname: dummy0\n";
        Assert.Single(Yaml.Check(new NodeIpSubnetsRule(), ("w.yaml", withDummy)));
    }

    [Fact]
    public void Net005_counts_legacy_vlans()
    {
        const string config = """
            version: v1alpha1
            machine:
              type: worker
              network:
                interfaces:
                  - interface: eth0
                    vlans:
                      - vlanId: 10
                        dhcp: true
            """;
        Assert.Single(Yaml.Check(new NodeIpSubnetsRule(), ("w.yaml", config)));
    }

    [Theory]
    [InlineData("  kubelet:\n    nodeIP:\n      validSubnets: [10.0.1.0/24]\n")]
    [InlineData("")]
    public void Net005_is_quiet_with_valid_subnets_or_one_link(string kubelet)
    {
        var config = $"""
            version: v1alpha1
            machine:
              type: worker
            {kubelet}  network:
                interfaces:
                  - interface: eth0
                    dhcp: true
                  - interface: eth1
                    ignore: true
            ---
            apiVersion: v1alpha1
            kind: DHCPv4Config
            name: eth0
            """;
        Assert.Empty(Yaml.Check(new NodeIpSubnetsRule(), ("w.yaml", config)));
    }

    [Fact]
    public void Net005_accepts_the_v1_14_kube_node_config()
    {
        var config = LegacyTwoInterfaces + "\n---\napiVersion: v1alpha1\nkind: KubeNodeConfig\nnodeIP:\n  validSubnets: [10.0.1.0/24]\n";
        Assert.Empty(Yaml.Check(new NodeIpSubnetsRule(), ("w.yaml", config)));
    }

    [Fact]
    public void Net006_fires_for_plaintext_log_endpoints_off_the_node()
    {
        const string config = """
            version: v1alpha1
            machine:
              type: worker
              logging:
                destinations:
                  - endpoint: tcp://10.0.5.5:5044/
                    format: json_lines
                  - endpoint: udp://127.0.0.1:5044/
                    format: json_lines
                  - endpoint: tcp://[::1]:5044/
                  - endpoint: udp://localhost:5044/
                  - endpoint: udp://[fd00::5]:514/
            ---
            apiVersion: v1alpha1
            kind: KmsgLogConfig
            name: remote
            url: tcp://logs.example.com:5000/
            """;
        var findings = Yaml.Check(new PlaintextLogEndpointRule(), ("w.yaml", config));
        Assert.Equal(3, findings.Count);
        FindingAssert.At(findings[0], "machine.logging.destinations[0].endpoint", 6, Severity.Low);
        FindingAssert.At(findings[1], "machine.logging.destinations[4].endpoint", 12, Severity.Low);
        FindingAssert.At(findings[2], "url", 17, Severity.Low, document: 1);
    }

    [Fact]
    public void Net005_does_not_judge_a_lone_patch()
    {
        const string patch = """
            machine:
              network:
                interfaces:
                  - interface: eth0
                    addresses: [10.0.1.20/24]
                  - interface: eth1
                    addresses: [192.168.1.20/24]
            """;
        Assert.Empty(Yaml.Check(new NodeIpSubnetsRule(), ("patch.yaml", patch)));
    }

    [Fact]
    public void Net006_fires_in_a_bare_patch_and_a_kmsg_patch_as_in_a_full_config()
    {
        const string patch = """
            machine:
              logging:
                destinations:
                  - endpoint: udp://10.0.5.5:514/
                    format: json_lines
            """;
        FindingAssert.Single(Yaml.Check(new PlaintextLogEndpointRule(), ("patch.yaml", patch)), "machine.logging.destinations[0].endpoint", 4, Severity.Low);
        const string kmsg = "apiVersion: v1alpha1\nkind: KmsgLogConfig\nname: remote\nurl: tcp://logs.example.com:5000/\n";
        FindingAssert.Single(Yaml.Check(new PlaintextLogEndpointRule(), ("kmsg.yaml", kmsg)), "url", 4, Severity.Low);
    }
}
