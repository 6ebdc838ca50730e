using Talguard.Findings;
using Talguard.Hardening;
using Talguard.Hardening.ControlPlane;
using Talguard.Hardening.Network;
using Talguard.Model.Talos.Patching;
using Talguard.Tests.Support;
using static Talguard.Tests.Hardening.GeneratorProof;

namespace Talguard.Tests.Hardening.ControlPlane;

/// <summary>The kubelet's node IP from the cluster network, in the form each release reads it.</summary>
public sealed class KubeletNodeIpGeneratorTests
{
    [Theory]
    [MemberData(nameof(ReleaseLines), MemberType = typeof(GeneratorProof))]
    public async Task Valid_subnets_validate_and_scan_clean(string line)
    {
        var profile = Profile(line);
        var plan = Plan(profile, new KubeletNodeIpGenerator());

        // With the firewall, as harden writes them together: the Network section's rules judge both.
        await Prove(line, profile, Plan(profile, new FirewallGenerator(), new KubeletNodeIpGenerator()), Section.Network, Section.Config);
        await Prove(line, profile, plan, Section.Config);
        Assert.Equal(PatchText(plan, PatchTargets.ControlPlane), PatchText(plan, PatchTargets.Worker));
        Assert.Contains("validSubnets:\n", PatchText(plan, PatchTargets.Worker), StringComparison.Ordinal);
        Assert.Contains("\"10.5.0.0/24\"", PatchText(plan, PatchTargets.Worker), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1.11", """
        version: v1alpha1
        machine:
          type: worker
          network:
            interfaces:
              - interface: eth0
                addresses: [10.5.0.20/24]
              - interface: eth1
                addresses: [192.168.100.20/24]
        """, "machine:\n  kubelet:\n    nodeIP:\n")]
    [InlineData("v1.14", """
        version: v1alpha1
        machine:
          type: worker
        ---
        apiVersion: v1alpha1
        kind: LinkConfig
        name: eth0
        addresses:
          - address: 10.5.0.20/24
        ---
        apiVersion: v1alpha1
        kind: LinkConfig
        name: eth1
        addresses:
          - address: 192.168.100.20/24
        ---
        apiVersion: v1alpha1
        kind: KubeNodeConfig
        nodeIP: {}
        """, "kind: KubeNodeConfig\nnodeIP:\n")]
    public void A_node_with_several_links_no_longer_lacks_valid_subnets(string line, string config, string form)
    {
        var plan = Plan(Profile(line), new KubeletNodeIpGenerator());
        Assert.Single(Yaml.Check(new NodeIpSubnetsRule(), ("w.yaml", config)));

        var merged = ConfigYamlWriter.Write(TalosPatchApplier.Apply(TalosPatchApplier.Documents(Yaml.File("w.yaml", config)), RolePatch(plan, PatchTargets.Worker)));

        Assert.Contains(form, PatchText(plan, PatchTargets.Worker), StringComparison.Ordinal);
        Assert.Empty(Yaml.Check(new NodeIpSubnetsRule(), ("w.yaml", merged)));
    }
}
