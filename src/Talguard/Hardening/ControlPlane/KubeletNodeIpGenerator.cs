using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;

namespace Talguard.Hardening.ControlPlane;

/// <summary>
/// The kubelet's node IP from the cluster network only (<c>nodeIP.validSubnets</c>), for both roles: on a node with
/// management or storage links the kubelet would otherwise advertise whichever address it finds first. Talos v1.11 to
/// v1.13 read it under <c>machine.kubelet</c>; v1.14 from the <c>KubeNodeConfig</c> document its <c>gen config</c> writes.
/// </summary>
internal sealed class KubeletNodeIpGenerator : IHardeningGenerator
{
    /// <summary>The release whose kubelet node settings moved to the <c>KubeNodeConfig</c> document.</summary>
    private static readonly TalosVersion KubeNodeConfigSince = new(1, 14);

    public Section Section => Section.ControlPlane;

    public void Generate(HardeningProfile profile, HardeningPlan plan)
    {
        var nodeIp = ConfigMapping.Of(("validSubnets", new ConfigSequence([ConfigScalar.Quoted(profile.Network.ClusterCidr)])
        {
            Comment = "advertise only the cluster network's address, never the management or storage one",
        }));
        plan.AddPatch(Section, PatchTargets.All, profile.TalosVersion >= KubeNodeConfigSince
            ? ConfigMapping.Of(
                ("apiVersion", ConfigScalar.String("v1alpha1")),
                ("kind", ConfigScalar.String("KubeNodeConfig")),
                ("nodeIP", nodeIp))
            : ConfigMapping.Of(("machine", ConfigMapping.Of(("kubelet", ConfigMapping.Of(("nodeIP", nodeIp)))))));
    }
}
