namespace Talguard.Hardening.AuditLogging;

/// <summary>
/// Built-in Kubernetes resources by API group (core is <c>""</c>), for spotting a resource written under
/// a group it does not belong to. Groups outside this table (CRDs, aggregated APIs) are never judged.
/// </summary>
public static class KnownApiGroups
{
    private static readonly Dictionary<string, string[]> ResourcesByGroup = new(StringComparer.Ordinal)
    {
        [""] =
        [
            "bindings", "componentstatuses", "configmaps", "endpoints", "events", "limitranges", "namespaces", "nodes",
            "persistentvolumeclaims", "persistentvolumes", "pods", "podtemplates", "replicationcontrollers",
            "resourcequotas", "secrets", "serviceaccounts", "services",
        ],
        ["apps"] = ["controllerrevisions", "daemonsets", "deployments", "replicasets", "statefulsets"],
        ["batch"] = ["cronjobs", "jobs"],
        ["autoscaling"] = ["horizontalpodautoscalers"],
        ["policy"] = ["poddisruptionbudgets", "podsecuritypolicies"],
        ["rbac.authorization.k8s.io"] = ["clusterrolebindings", "clusterroles", "rolebindings", "roles"],
        ["networking.k8s.io"] = ["ingressclasses", "ingresses", "ipaddresses", "networkpolicies", "servicecidrs"],
        ["storage.k8s.io"] = ["csidrivers", "csinodes", "csistoragecapacities", "storageclasses", "volumeattachments", "volumeattributesclasses"],
        ["coordination.k8s.io"] = ["leasecandidates", "leases"],
        ["discovery.k8s.io"] = ["endpointslices"],
        ["events.k8s.io"] = ["events"],
        ["admissionregistration.k8s.io"] =
        [
            "mutatingadmissionpolicies", "mutatingadmissionpolicybindings", "mutatingwebhookconfigurations",
            "validatingadmissionpolicies", "validatingadmissionpolicybindings", "validatingwebhookconfigurations",
        ],
        ["apiextensions.k8s.io"] = ["customresourcedefinitions"],
        ["apiregistration.k8s.io"] = ["apiservices"],
        ["authentication.k8s.io"] = ["selfsubjectreviews", "tokenreviews"],
        ["authorization.k8s.io"] = ["localsubjectaccessreviews", "selfsubjectaccessreviews", "selfsubjectrulesreviews", "subjectaccessreviews"],
        ["certificates.k8s.io"] = ["certificatesigningrequests", "clustertrustbundles"],
        ["scheduling.k8s.io"] = ["priorityclasses"],
        ["node.k8s.io"] = ["runtimeclasses"],
        ["flowcontrol.apiserver.k8s.io"] = ["flowschemas", "prioritylevelconfigurations"],
        ["resource.k8s.io"] = ["deviceclasses", "resourceclaims", "resourceclaimtemplates", "resourceslices"],
        ["internal.apiserver.k8s.io"] = ["storageversions"],
        ["storagemigration.k8s.io"] = ["storageversionmigrations"],
        // Served by metrics-server, not built in, but its pods/nodes are legitimately not core.
        ["metrics.k8s.io"] = ["nodes", "pods"],
        // The legacy group still names these in many published policies.
        ["extensions"] = ["daemonsets", "deployments", "ingresses", "networkpolicies", "podsecuritypolicies", "replicasets"],
    };

    private static readonly Dictionary<string, string[]> GroupsByResource = ResourcesByGroup
        .SelectMany(e => e.Value.Select(r => (Resource: r, Group: e.Key)))
        .Where(p => p.Group is not ("metrics.k8s.io" or "extensions"))
        .GroupBy(p => p.Resource, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Select(p => p.Group).ToArray(), StringComparer.Ordinal);

    public static bool IsKnownGroup(string group) => ResourcesByGroup.ContainsKey(group);

    /// <summary>
    /// The groups a resource pattern belongs to when <paramref name="group"/> is a known group that does not
    /// serve it; null when it is fine or cannot be judged (wildcards, unknown resources or groups).
    /// </summary>
    public static IReadOnlyList<string>? RightGroupsIfMisplaced(string group, string pattern)
    {
        var resource = pattern.Split('/')[0];
        if (resource is "*" or "" || !ResourcesByGroup.TryGetValue(group, out var served) || served.Contains(resource, StringComparer.Ordinal))
        {
            return null;
        }

        return GroupsByResource.TryGetValue(resource, out var groups) ? groups : null;
    }
}
