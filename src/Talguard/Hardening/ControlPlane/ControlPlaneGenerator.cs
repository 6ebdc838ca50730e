using Talguard.Findings;
using Talguard.Model.Profile;
using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;
using static Talguard.Hardening.ClusterPatchForms;

namespace Talguard.Hardening.ControlPlane;

/// <summary>
/// The control-plane components and the kubelet as the TG-K8S rules want them. Talos already runs them that way
/// (profiling off, controller manager and scheduler on 127.0.0.1, anonymous auth off, Node,RBAC authorization,
/// NodeRestriction); the patch states the settings a later patch or a guide snippet most often weakens, so the hardened
/// config says them and a scan of it shows them. Only flags Talos lets a patch override are written: etcd's TLS and
/// client-certificate flags are on Talos's deny list and always on, so etcd gets nothing. The kubelet's node IP subnets
/// and the kernel sysctls are the node generators' (harden-nodes).
/// </summary>
internal sealed class ControlPlaneGenerator : IHardeningGenerator
{
    public Section Section => Section.ControlPlane;

    public void Generate(HardeningProfile profile, HardeningPlan plan)
    {
        var talos = profile.TalosVersion;
        plan.AddPatch(Section, PatchTargets.ControlPlane, ExtraArgs(talos, KubeComponent.ApiServer, Map(
            "Talos passes profiling=false already; stated so an override shows in review (CIS 1.2.15).",
            ("profiling", ConfigScalar.String("false")))));
        foreach (var (component, ports) in new[] { (KubeComponent.ControllerManager, "10257"), (KubeComponent.Scheduler, "10259") })
        {
            plan.AddPatch(Section, PatchTargets.ControlPlane, ExtraArgs(talos, component, Map(
                $"Talos's own values: metrics and health on {ports} stay on localhost and /debug/pprof is off. Guides that bind 0.0.0.0 "
                + "for Prometheus open them to every network the node is on.",
                ("bind-address", ConfigScalar.String("127.0.0.1")),
                ("profiling", ConfigScalar.String("false")))));
        }

        const string seccompComment = "Containers that set no seccomp profile get RuntimeDefault instead of Unconfined (kubelet seccompDefault).";
        plan.AddPatch(Section, PatchTargets.All, UsesKubeDocuments(talos)
            ? Document(KubeComponent.Kubelet.DocumentKind, ("defaultRuntimeSeccompProfileEnabled", Flag(true, seccompComment)))
            : Fragment(["machine", "kubelet", "defaultRuntimeSeccompProfileEnabled"], Flag(true, seccompComment)));

        if (!UsesKubeDocuments(talos))
        {
            // From v1.14 discovery moved to DiscoveryServiceConfig, which has no Kubernetes registry at all.
            plan.AddPatch(Section, PatchTargets.All, Fragment(["cluster", "discovery", "registries", "kubernetes", "disabled"], Flag(true,
                "The deprecated Kubernetes registry stores discovery data in Node annotations and conflicts with the node authorizer's selector checks.")));
        }

        plan.AddNote(Section,
            "Kubelet serving certificates stay self-signed (Talos does not set `serverTLSBootstrap`): turning on "
            + "`rotate-server-certificates` needs a CSR approver in the cluster first, or `kubectl logs`, `exec` and metrics-server stop working.");
    }
}
