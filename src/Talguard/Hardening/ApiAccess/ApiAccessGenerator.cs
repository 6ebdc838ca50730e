using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using static Talguard.Hardening.ClusterPatchForms;

namespace Talguard.Hardening.ApiAccess;

/// <summary>
/// Who may use the Talos API. Before v1.12 apid's role checks (<c>machine.features.rbac</c>) and its client-auth usage check
/// (<c>apidCheckExtKeyUsage</c>) are switches, stated on; from v1.12 they are locked on and no longer in the schema. Talos API
/// access for pods (<c>kubernetesTalosAPIAccess</c>) is turned off up to v1.13, so no ServiceAccount resource can mint a
/// talosconfig, least of all an os:admin one; from v1.14 it exists only while a <c>KubeTalosAPIAccessConfig</c> document
/// does, and <c>gen config</c> writes none. The guide's <c>machine.features.rbac: true</c> for SOC 2 is right only before v1.12.
/// </summary>
internal sealed class ApiAccessGenerator : IHardeningGenerator
{
    /// <summary>The first release that ignores and locks the <c>rbac</c> and <c>apidCheckExtKeyUsage</c> switches.</summary>
    private static readonly TalosVersion FeatureLock = new(1, 12);

    public Section Section => Section.ApiAccess;

    public void Generate(HardeningProfile profile, HardeningPlan plan)
    {
        var talos = profile.TalosVersion;
        if (talos < FeatureLock)
        {
            plan.AddPatch(Section, PatchTargets.All, Fragment(["machine", "features"], ConfigMapping.Of(
                ("rbac", Flag(true, "Off, every certificate the Talos CA signed acts as os:admin (locked on from v1.12).")),
                ("apidCheckExtKeyUsage", Flag(true, "apid refuses certificates not issued for client authentication (locked on from v1.12).")))));
        }

        if (UsesKubeDocuments(talos))
        {
            plan.AddNote(Section,
                "Talos API access for pods is on only while a `KubeTalosAPIAccessConfig` document exists, and `talosctl gen config` writes "
                + "none. If a workload needs it, list only `os:reader` (or `os:etcd:backup` for backups) in `allowedRoles`, in named "
                + "`allowedKubernetesNamespaces`, never `os:admin`.");
            return;
        }

        plan.AddPatch(Section, PatchTargets.ControlPlane, Fragment(["machine", "features", "kubernetesTalosAPIAccess", "enabled"], Flag(false,
            "No pod gets a talosconfig. If a workload needs one, enable it with allowedRoles [os:reader] (never os:admin) in named allowedKubernetesNamespaces.")));
    }
}
