using System.Net;
using Talguard.Findings;
using Talguard.Hardening.Network;
using Talguard.Model.Talos.Patching;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.Network;

public class FirewallRulesTests
{
    private const string ControlPlane = """
        version: v1alpha1
        machine:
          type: controlplane
          network:
            interfaces:
              - interface: eth0
                addresses: [10.0.1.10/24]
        """;

    private const string Worker = """
        version: v1alpha1
        machine:
          type: worker
        """;

    private const string Block = """
        ---
        apiVersion: v1alpha1
        kind: NetworkDefaultActionConfig
        ingress: block
        """;

    private static string Rule(string name, string ports, string ingress, string protocol = "tcp") => $"""
        ---
        apiVersion: v1alpha1
        kind: NetworkRuleConfig
        name: {name}
        portSelector:
          ports: {ports}
          protocol: {protocol}
        ingress:
        {ingress}
        """;

    private static readonly ScanOptions Management = new() { ManagementNetworks = [IPNetwork.Parse("192.168.1.0/24")] };

    [Fact]
    public void Net001_fires_at_document_0_without_a_default_action()
    {
        var finding = FindingAssert.Single(Yaml.Check(new DefaultBlockRule(), ("cp.yaml", ControlPlane)), string.Empty, 1, Severity.High);
        Assert.Contains("NetworkDefaultActionConfig", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Net001_fires_at_the_ingress_of_an_accepting_default_action()
    {
        var config = ControlPlane + "\n---\napiVersion: v1alpha1\nkind: NetworkDefaultActionConfig\ningress: accept\n";
        FindingAssert.Single(Yaml.Check(new DefaultBlockRule(), ("cp.yaml", config)), "ingress", 11, Severity.High, document: 1);
    }

    [Fact]
    public void Net001_is_quiet_with_block_and_on_patch_files()
    {
        Assert.Empty(Yaml.Check(new DefaultBlockRule(), ("cp.yaml", ControlPlane + "\n" + Block)));
        Assert.Empty(Yaml.Check(new DefaultBlockRule(), ("patch.yaml", Rule("x", "[80]", "  - subnet: 0.0.0.0/0").TrimStart('-', '\n'))));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public void Net001_patch_turns_the_firewall_on_without_exposing_any_port(bool controlPlane, bool management)
    {
        var config = controlPlane ? ControlPlane : Worker;
        var options = management ? Management : new ScanOptions();
        var finding = Assert.Single(Yaml.Check(new DefaultBlockRule(), options, ("n.yaml", config)));
        FindingAssert.PatchFixes(new DefaultBlockRule(), finding, config, options);
        var patched = TalosPatchApplier.Merge(Yaml.File("config.yaml", config), TalosPatchReader.Read("patch.yaml", finding.Patch!));
        foreach (var rule in new Rule[] { new EtcdExposureRule(), new KubeletTrustdExposureRule(), new ApidExposureRule() })
        {
            Assert.Empty(Yaml.Check(rule, options, ("patched.yaml", patched)));
        }

        Assert.Equal(controlPlane, finding.Patch!.Contains("\"10.0.1.10/32\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[\"2379-2380\"]", "  - subnet: 10.0.1.0/24")]
    [InlineData("[2379]", "  - subnet: 0.0.0.0/0")]
    [InlineData("[2380]", "  - subnet: \"::/0\"")]
    [InlineData("[\"2000-3000\"]", "  - subnet: fd00::/64")]
    [InlineData("[2379]", "  - subnet: 10.0.1.0/24\n    except: 10.0.1.128/25")]
    public void Net002_fires_for_etcd_from_more_than_one_address(string ports, string ingress)
    {
        var config = ControlPlane + "\n" + Block + "\n" + Rule("etcd", ports, ingress);
        FindingAssert.Single(Yaml.Check(new EtcdExposureRule(), ("cp.yaml", config)), "ingress[0]", 20, Severity.High, document: 2);
    }

    [Theory]
    [InlineData("[\"2379-2380\"]", "  - subnet: 10.0.1.11/32\n  - subnet: 10.0.1.12/32", "tcp")]
    [InlineData("[2379]", "  - subnet: fd00::11/128", "tcp")]
    [InlineData("[2379]", "  - subnet: 10.0.1.10/31\n    except: 10.0.1.11/32", "tcp")]
    [InlineData("[2379]", "  - subnet: 10.0.1.0/24", "udp")]
    [InlineData("[2381]", "  - subnet: 0.0.0.0/0", "tcp")]
    public void Net002_accepts_single_addresses_other_ports_and_other_protocols(string ports, string ingress, string protocol)
    {
        var config = ControlPlane + "\n" + Block + "\n" + Rule("etcd", ports, ingress, protocol);
        Assert.Empty(Yaml.Check(new EtcdExposureRule(), ("cp.yaml", config)));
    }

    [Fact]
    public void Net002_needs_the_firewall_on_in_node_configs_but_assumes_it_in_patches()
    {
        var rule = Rule("etcd", "[2379]", "  - subnet: 10.0.0.0/8");
        Assert.Empty(Yaml.Check(new EtcdExposureRule(), ("cp.yaml", ControlPlane + "\n" + rule)));
        FindingAssert.Single(Yaml.Check(new EtcdExposureRule(), ("patch.yaml", rule)), "ingress[0]", 9, Severity.High);
        var accepting = rule + "\n---\napiVersion: v1alpha1\nkind: NetworkDefaultActionConfig\ningress: accept\n";
        Assert.Empty(Yaml.Check(new EtcdExposureRule(), ("patch.yaml", accepting)));
    }

    [Theory]
    [InlineData("[10250]", "0.0.0.0/0")]
    [InlineData("[50001]", "\"::/0\"")]
    [InlineData("[\"10000-11000\"]", "0.0.0.0/0")]
    public void Net003_fires_for_kubelet_or_trustd_from_anywhere(string ports, string subnet)
    {
        var config = Worker + "\n" + Block + "\n" + Rule("kubelet", ports, "  - subnet: 10.0.0.0/8\n  - subnet: " + subnet);
        FindingAssert.Single(Yaml.Check(new KubeletTrustdExposureRule(), ("w.yaml", config)), "ingress[1]", 17, Severity.High, document: 2);
    }

    [Fact]
    public void Net003_accepts_the_cluster_subnet()
    {
        var config = Worker + "\n" + Block + "\n" + Rule("kubelet", "[10250, 50001]", "  - subnet: 10.0.0.0/8\n  - subnet: fd00::/8");
        Assert.Empty(Yaml.Check(new KubeletTrustdExposureRule(), ("w.yaml", config)));
    }

    [Fact]
    public void Net004_fires_for_apid_from_anywhere_only_with_a_management_network()
    {
        var config = ControlPlane + "\n" + Block + "\n" + Rule("apid", "[50000]", "  - subnet: 0.0.0.0/0");
        var finding = FindingAssert.Single(Yaml.Check(new ApidExposureRule(), Management, ("cp.yaml", config)), "ingress[0]", 20, Severity.Medium, document: 2);
        Assert.Contains("192.168.1.0/24", finding.Message, StringComparison.Ordinal);
        Assert.Empty(Yaml.Check(new ApidExposureRule(), ("cp.yaml", config)));
        var narrowed = ControlPlane + "\n" + Block + "\n" + Rule("apid", "[50000]", "  - subnet: 192.168.1.0/24");
        Assert.Empty(Yaml.Check(new ApidExposureRule(), Management, ("cp.yaml", narrowed)));
    }

    [Fact]
    public void Net004_fires_for_apid_from_anywhere_in_a_patch()
    {
        var patch = Rule("apid", "[50000]", "  - subnet: 0.0.0.0/0").TrimStart('-', '\n');
        FindingAssert.Single(Yaml.Check(new ApidExposureRule(), Management, ("patch.yaml", patch)), "ingress[0]", 8, Severity.Medium);
    }
}
