using Talguard.Findings;
using Talguard.Hardening;
using Talguard.Hardening.Network;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using static Talguard.Tests.Hardening.GeneratorProof;

namespace Talguard.Tests.Hardening.Network;

/// <summary>The ingress firewall per role and CNI, proven on gen-config bases of every release.</summary>
public sealed class FirewallGeneratorTests
{
    private static readonly Section[] Sections = [Section.Network, Section.Config];

    public static TheoryData<string, string> Matrix
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var line in Releases.Keys)
            {
                foreach (var cni in Enum.GetNames<CniChoice>())
                {
                    data.Add(line, cni);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Every_cni_validates_and_scans_clean_on_every_release(string line, string cni)
    {
        var profile = Profile(line) with { Cni = Enum.Parse<CniChoice>(cni) };
        var plan = Plan(profile, new FirewallGenerator());

        var findings = await Prove(line, profile, plan, Sections);

        Assert.Empty(plan.Accepted);
        Assert.DoesNotContain(findings, f => f.RuleId == DefaultBlockRule.Definition.Id);
    }

    [Fact]
    public void Each_role_gets_its_services_from_the_narrowest_sources()
    {
        var profile = Profile("v1.13") with
        {
            ControlPlaneNodes = ["10.0.1.10", "10.0.1.11", "fd00::12"],
            Network = new NetworkProfile("10.0.1.0/24", "10.244.0.0/16", "10.96.0.0/12", ["192.168.100.0/24", "10.0.1.10/32"], ["10.50.0.0/24"]),
        };
        var plan = Plan(profile, new FirewallGenerator());
        var controlPlane = Rules(plan, PatchTargets.ControlPlane);
        var worker = Rules(plan, PatchTargets.Worker);

        Assert.Equal(["192.168.100.0/24", "10.0.1.10/32", "10.0.1.11/32", "fd00::12/128"], controlPlane["apid-ingress"].Sources);
        Assert.Equal(controlPlane["apid-ingress"].Sources, worker["apid-ingress"].Sources);
        Assert.Equal(["10.0.1.10/32", "10.0.1.11/32", "fd00::12/128"], controlPlane["etcd-ingress"].Sources);
        Assert.Equal(["2379-2380"], controlPlane["etcd-ingress"].Ports);
        Assert.Equal(["10.0.1.0/24"], controlPlane["trustd-ingress"].Sources);
        Assert.Equal(["10.0.1.0/24", "10.244.0.0/16"], worker["kubelet-ingress"].Sources);
        Assert.Equal(["192.168.100.0/24", "10.0.1.0/24", "10.244.0.0/16"], controlPlane["kube-apiserver-ingress"].Sources);
        Assert.DoesNotContain(worker.Keys, name => name is "etcd-ingress" or "trustd-ingress" or "kube-apiserver-ingress");
        Assert.DoesNotContain(controlPlane.Values.Concat(worker.Values).SelectMany(r => r.Sources), s => s.StartsWith("10.50.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Cilium", "cilium-vxlan-ingress udp 8472", "cilium-health-ingress tcp 4240", "cilium-hubble-ingress tcp 4244")]
    [InlineData("Flannel", "flannel-vxlan-ingress udp 4789")]
    [InlineData("Calico", "calico-bgp-ingress tcp 179", "calico-vxlan-ingress udp 4789", "calico-typha-ingress tcp 5473")]
    [InlineData("None")]
    public void Each_cni_opens_its_node_to_node_ports_on_both_roles(string cni, params string[] expected)
    {
        var plan = Plan(Profile("v1.12") with { Cni = Enum.Parse<CniChoice>(cni) }, new FirewallGenerator());
        static string[] Cni(IReadOnlyDictionary<string, (string Protocol, string[] Ports, string[] Sources)> rules) =>
            [.. rules.Where(r => r.Key is not ("apid-ingress" or "kubelet-ingress" or "trustd-ingress" or "etcd-ingress" or "kube-apiserver-ingress"))
                .Select(r => $"{r.Key} {r.Value.Protocol} {string.Join(",", r.Value.Ports)}")];

        Assert.Equal(expected, Cni(Rules(plan, PatchTargets.ControlPlane)));
        Assert.Equal(expected, Cni(Rules(plan, PatchTargets.Worker)));
    }

    [Fact]
    public void Without_a_management_network_apid_and_the_api_server_stay_on_the_cluster_network()
    {
        var profile = Profile("v1.12") with { Network = HardeningProfile.Default.Network with { ManagementCidrs = [] } };
        var rules = Rules(Plan(profile, new FirewallGenerator()), PatchTargets.ControlPlane);

        Assert.Equal(["10.5.0.0/24"], rules["apid-ingress"].Sources);
        Assert.Equal(["10.5.0.0/24", "10.244.0.0/16"], rules["kube-apiserver-ingress"].Sources);
    }

    [Fact]
    public void The_firewall_is_one_default_action_and_uniquely_named_rules_per_role()
    {
        var plan = Plan(Profile("v1.14"), new FirewallGenerator());
        foreach (var role in new[] { PatchTargets.ControlPlane, PatchTargets.Worker })
        {
            var documents = plan.Patches.Where(p => p.Targets.HasFlag(role)).Select(p => p.Document).ToList();
            Assert.Single(documents, d => d.Text("kind") == "NetworkDefaultActionConfig" && d.Text("ingress") == "block");
            var names = documents.Where(d => d.Text("kind") == "NetworkRuleConfig").Select(d => d.Text("name")).ToList();
            Assert.Equal(names.Distinct().Count(), names.Count);
        }

        Assert.Contains(plan.Notes, n => n.Markdown.Contains("--mode=try", StringComparison.Ordinal));
    }

    private static Dictionary<string, (string Protocol, string[] Ports, string[] Sources)> Rules(HardeningPlan plan, PatchTargets role) =>
        plan.Patches.Where(p => p.Targets.HasFlag(role) && p.Document.Text("kind") == "NetworkRuleConfig").Select(p => p.Document).ToDictionary(
            d => d.Text("name")!,
            d => (
                ((ConfigMapping)d["portSelector"]!).Text("protocol")!,
                ((ConfigSequence)((ConfigMapping)d["portSelector"]!)["ports"]!).Items.Select(i => ((ConfigScalar)i).Text).ToArray(),
                ((ConfigSequence)d["ingress"]!).Items.Select(i => ((ConfigMapping)i).Text("subnet")!).ToArray()));
}
