using Talguard.Findings;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using static Talguard.Hardening.KubernetesObjects;

namespace Talguard.Hardening.ApiAccess;

/// <summary>
/// <c>manifests/rbac-read-only.yaml</c>: the guide's <c>read-only</c> ClusterRole, fixed. The guide granted get/list/watch on
/// <c>*</c> resources in <c>*</c> groups, and <c>*</c> includes Secrets (every token and key in the cluster). This one names the
/// resources of the built-in API groups; Secrets, the exec/attach/port-forward and proxy subresources and token requests are not among them.
/// </summary>
internal sealed class ReadOnlyRoleGenerator : IHardeningGenerator
{
    public const string FileName = "rbac-read-only.yaml";

    public const string RoleName = "read-only";

    /// <summary>Readable resources per API group. Custom resources are not listed: a CRD's objects can hold secrets of their own.</summary>
    private static readonly (string Group, string[] Resources)[] Readable =
    [
        (string.Empty, ["configmaps", "endpoints", "events", "limitranges", "namespaces", "nodes", "persistentvolumeclaims",
            "persistentvolumes", "pods", "pods/log", "pods/status", "replicationcontrollers", "resourcequotas", "serviceaccounts", "services"]),
        ("admissionregistration.k8s.io", ["mutatingwebhookconfigurations", "validatingadmissionpolicies", "validatingadmissionpolicybindings",
            "validatingwebhookconfigurations"]),
        ("apiextensions.k8s.io", ["customresourcedefinitions"]),
        ("apps", ["controllerrevisions", "daemonsets", "deployments", "replicasets", "statefulsets"]),
        ("autoscaling", ["horizontalpodautoscalers"]),
        ("batch", ["cronjobs", "jobs"]),
        ("certificates.k8s.io", ["certificatesigningrequests"]),
        ("coordination.k8s.io", ["leases"]),
        ("discovery.k8s.io", ["endpointslices"]),
        ("events.k8s.io", ["events"]),
        ("networking.k8s.io", ["ingressclasses", "ingresses", "networkpolicies"]),
        ("node.k8s.io", ["runtimeclasses"]),
        ("policy", ["poddisruptionbudgets"]),
        ("rbac.authorization.k8s.io", ["clusterrolebindings", "clusterroles", "rolebindings", "roles"]),
        ("scheduling.k8s.io", ["priorityclasses"]),
        ("storage.k8s.io", ["csidrivers", "csinodes", "storageclasses", "volumeattachments"]),
    ];

    public Section Section => Section.ApiAccess;

    public void Generate(HardeningProfile profile, HardeningPlan plan)
    {
        var role = Commented(
            "Replaces the guide's read-only role: resources: [\"*\"] includes secrets, so it read every token and key.\n"
            + "Each resource is named instead; secrets, pods/exec, pods/attach, pods/portforward, nodes/proxy and\n"
            + "serviceaccounts/token are deliberately absent. Bind it with, for example:\n"
            + $"kubectl create clusterrolebinding {RoleName}-auditors --clusterrole={RoleName} --group=auditors",
            Object("rbac.authorization.k8s.io/v1", "ClusterRole", RoleName));
        role["rules"] = List(Readable.Select(r => ConfigMapping.Of(
            ("apiGroups", List(ConfigScalar.Quoted(r.Group))),
            ("resources", Texts(r.Resources)),
            ("verbs", Texts("get", "list", "watch")))));
        plan.AddManifest(Section, FileName, role);
    }
}
