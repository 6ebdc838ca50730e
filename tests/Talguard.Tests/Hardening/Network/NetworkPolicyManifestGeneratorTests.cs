using Talguard.Hardening.Network;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using static Talguard.Tests.Hardening.ManifestTestKit;

namespace Talguard.Tests.Hardening.Network;

public class NetworkPolicyManifestGeneratorTests
{
    [Fact]
    public void Cilium_default_deny_spares_the_exempt_namespaces_and_allows_dns_to_kube_dns()
    {
        var profile = HardeningProfile.Default with { PodSecurity = HardeningProfile.Default.PodSecurity with { ExemptNamespaces = ["monitoring", "kube-system"] } };
        var deny = Documents(Plan(profile, new NetworkPolicyManifestGenerator()), NetworkPolicyManifestGenerator.FileName)[0];
        Assert.Equal("CiliumClusterwideNetworkPolicy", TextAt(deny, "kind"));
        Assert.Equal("cilium.io/v2", TextAt(deny, "apiVersion"));
        Assert.Equal("io.kubernetes.pod.namespace", TextAt(deny, "spec", "endpointSelector", "matchExpressions", "0", "key"));
        Assert.Equal("NotIn", TextAt(deny, "spec", "endpointSelector", "matchExpressions", "0", "operator"));
        Assert.Equal(["kube-system", "monitoring"], Strings(deny, "spec", "endpointSelector", "matchExpressions", "0", "values"));
        Assert.Equal("true", TextAt(deny, "spec", "enableDefaultDeny", "ingress"));
        Assert.Equal("true", TextAt(deny, "spec", "enableDefaultDeny", "egress"));
        Assert.Equal("kube-dns", TextAt(deny, "spec", "egress", "0", "toEndpoints", "0", "matchLabels", "k8s-app"));
        Assert.Equal("kube-system", TextAt(deny, "spec", "egress", "0", "toEndpoints", "0", "matchLabels", "io.kubernetes.pod.namespace"));
        var port = (ConfigScalar)Node(deny, "spec", "egress", "0", "toPorts", "0", "ports", "0", "port")!;
        Assert.Equal((ScalarKind.String, "53"), (port.Kind, port.Text));
        Assert.Equal(["UDP", "TCP"], Strings(deny, "spec", "egress", "0", "toPorts", "0", "ports").Select((_, i) => TextAt(deny, "spec", "egress", "0", "toPorts", "0", "ports", i.ToString(System.Globalization.CultureInfo.InvariantCulture), "protocol")));
        Assert.DoesNotContain("fromEntities", Files(Plan(profile, new NetworkPolicyManifestGenerator()))[NetworkPolicyManifestGenerator.FileName], StringComparison.Ordinal);
    }

    [Fact]
    public void Cilium_keeps_pods_off_etcd_without_selecting_an_etcd_pod_that_talos_does_not_have()
    {
        var plan = Plan(HardeningProfile.Default, new NetworkPolicyManifestGenerator());
        var etcd = Documents(plan, NetworkPolicyManifestGenerator.FileName)[1];
        Assert.Empty(((ConfigMapping)Node(etcd, "spec", "endpointSelector")!).Entries);
        Assert.Equal("false", TextAt(etcd, "spec", "enableDefaultDeny", "ingress"));
        Assert.Equal("false", TextAt(etcd, "spec", "enableDefaultDeny", "egress"));
        Assert.Equal(["host", "remote-node", "kube-apiserver"], Strings(etcd, "spec", "egressDeny", "0", "toEntities"));
        Assert.Equal("2379", TextAt(etcd, "spec", "egressDeny", "0", "toPorts", "0", "ports", "0", "port"));
        Assert.Equal("2380", TextAt(etcd, "spec", "egressDeny", "0", "toPorts", "0", "ports", "1", "port"));
        var lines = Files(plan)[NetworkPolicyManifestGenerator.FileName].Split('\n');
        Assert.DoesNotContain(lines, l => !l.TrimStart().StartsWith('#') && l.Contains("component:", StringComparison.Ordinal));
        Assert.Single(plan.Notes);
    }

    [Theory]
    [InlineData(nameof(CniChoice.Flannel))]
    [InlineData(nameof(CniChoice.Calico))]
    [InlineData(nameof(CniChoice.None))]
    public void Other_cnis_get_kubernetes_network_policies_for_default(string cniName)
    {
        var cni = Enum.Parse<CniChoice>(cniName);
        var plan = Plan(HardeningProfile.Default with { Cni = cni }, new NetworkPolicyManifestGenerator());
        var documents = Documents(plan, NetworkPolicyManifestGenerator.FileName);
        Assert.All(documents, d =>
        {
            Assert.Equal("networking.k8s.io/v1", TextAt(d, "apiVersion"));
            Assert.Equal("NetworkPolicy", TextAt(d, "kind"));
            Assert.Equal("default", TextAt(d, "metadata", "namespace"));
            Assert.Empty(((ConfigMapping)Node(d, "spec", "podSelector")!).Entries);
        });
        Assert.Equal(["Ingress", "Egress"], Strings(documents[0], "spec", "policyTypes"));
        Assert.Null(Node(documents[0], "spec", "ingress"));
        Assert.Null(Node(documents[0], "spec", "egress"));

        var dns = documents[1];
        Assert.Equal(["Egress"], Strings(dns, "spec", "policyTypes"));
        Assert.Equal("kube-system", TextAt(dns, "spec", "egress", "0", "to", "0", "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"));
        Assert.Equal("kube-dns", TextAt(dns, "spec", "egress", "0", "to", "0", "podSelector", "matchLabels", "k8s-app"));
        var port = (ConfigScalar)Node(dns, "spec", "egress", "0", "ports", "1", "port")!;
        Assert.Equal((ScalarKind.Int, "53"), (port.Kind, port.Text));
        Assert.Equal("TCP", TextAt(dns, "spec", "egress", "0", "ports", "1", "protocol"));

        var note = Assert.Single(plan.Notes).Markdown;
        Assert.Equal(cni == CniChoice.Flannel, note.Contains("Flannel does not enforce", StringComparison.Ordinal));
    }

    private static ConfigNode? Node(ConfigNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node switch
            {
                ConfigMapping mapping => mapping[key],
                ConfigSequence sequence => sequence.Items[int.Parse(key, System.Globalization.CultureInfo.InvariantCulture)],
                _ => null,
            };
        }

        return node;
    }

    private static List<string> Strings(ConfigNode node, params string[] path) =>
        [.. ((ConfigSequence)Node(node, path)!).Items.Select(i => i is ConfigScalar s ? s.Text : "?")];
}
