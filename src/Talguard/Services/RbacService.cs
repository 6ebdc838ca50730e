using Talguard.Hardening.ApiAccess;
using Talguard.Model;

namespace Talguard.Services;

/// <summary>
/// Who a question is about: <c>User:NAME</c>, <c>Group:NAME</c> or <c>ServiceAccount:NAMESPACE:NAME</c>, as RBAC
/// subjects name them (<paramref name="Namespace"/> is empty except for service accounts).
/// </summary>
public sealed record RbacSubject(string Kind, string Name, string Namespace)
{
    public const string User = "User";
    public const string Group = "Group";
    public const string ServiceAccount = "ServiceAccount";

    /// <summary>
    /// Reads <c>User:alice</c>, <c>Group:devs</c>, <c>ServiceAccount:ns:name</c>, or a service account's user name
    /// <c>system:serviceaccount:ns:name</c>; null when <paramref name="text"/> is none of these.
    /// </summary>
    public static RbacSubject? Parse(string text)
    {
        const string serviceAccountUser = "system:serviceaccount:";
        if (text.StartsWith(serviceAccountUser, StringComparison.Ordinal))
        {
            text = ServiceAccount + ":" + text[serviceAccountUser.Length..];
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            return null;
        }

        var (kind, rest) = (text[..colon], text[(colon + 1)..]);
        if (kind == ServiceAccount)
        {
            var parts = rest.Split(':');
            return parts is [{ Length: > 0 } ns, { Length: > 0 } name] ? new RbacSubject(ServiceAccount, name, ns) : null;
        }

        return kind is User or Group ? new RbacSubject(kind, rest, string.Empty) : null;
    }

    public override string ToString() => Kind + " " + (Namespace.Length > 0 ? Namespace + "/" : string.Empty) + Name;
}

/// <summary>A file and line of the inputs.</summary>
public sealed record RbacPlace(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>An RBAC object of the chain: kind, name, namespace (empty when cluster-scoped) and where it is written (null for a built-in).</summary>
public sealed record RbacObjectRef(string Kind, string Name, string Namespace, RbacPlace? Place)
{
    public override string ToString() => Kind + " " + (Namespace.Length > 0 ? Namespace + "/" : string.Empty) + Name + (Place is null ? " (built in)" : $" ({Place})");
}

/// <summary>One rule of a role, as written (<c>apiGroups</c> "" is the core group).</summary>
public sealed record RbacRuleText(IReadOnlyList<string> ApiGroups, IReadOnlyList<string> Resources, IReadOnlyList<string> Verbs, IReadOnlyList<string> ResourceNames, IReadOnlyList<string> NonResourceUrls);

/// <summary>
/// One way a subject holds a permission: subject ← binding → role → rule. <paramref name="Namespace"/> is null for a
/// cluster-wide grant (ClusterRoleBinding or built in) and the binding's namespace for a RoleBinding. <paramref name="RuleOwner"/>
/// is the ClusterRole the rule is written in when it reaches <paramref name="Role"/> through aggregation.
/// </summary>
public sealed record RbacGrant(
    RbacSubject Subject,
    string? Namespace,
    RbacObjectRef? Binding,
    RbacObjectRef? Role,
    int? RuleIndex,
    RbacPlace? RulePlace,
    RbacObjectRef? RuleOwner,
    RbacRuleText? Rule,
    IReadOnlyList<string> Notes);

/// <summary>What <c>talguard rbac who-can</c> asks: may VERB be done on RESOURCE[/SUBRESOURCE] (or a non-resource URL starting with <c>/</c>)?</summary>
public sealed record RbacWhoCanRequest(string Verb, string Resource, IReadOnlyList<string> Paths)
{
    /// <summary>Only grants that hold in this namespace (cluster-wide ones and RoleBindings there); null: every namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>The API group; null takes the group of a well-known resource, else the core group.</summary>
    public string? ApiGroup { get; init; }
}

public sealed record RbacWhoCanResult(string Verb, string Resource, string ApiGroup, string? Namespace, bool IsNonResourceUrl, IReadOnlyList<RbacGrant> Grants, IReadOnlyList<string> Notes);

/// <summary>What <c>talguard rbac explain</c> asks: everything a subject is granted by the inputs.</summary>
public sealed record RbacExplainRequest(RbacSubject Subject, IReadOnlyList<string> Paths);

/// <summary>The grants of a subject; <paramref name="Identities"/> are the subject and the groups RBAC also matches it as.</summary>
public sealed record RbacExplainResult(RbacSubject Subject, IReadOnlyList<RbacSubject> Identities, IReadOnlyList<RbacGrant> Grants, IReadOnlyList<string> Notes);

/// <summary>Answers RBAC questions from the Roles, ClusterRoles and bindings in manifests (never a live cluster).</summary>
public static class RbacService
{
    /// <summary>kube-apiserver lets this group do anything before RBAC is asked; Talos's admin kubeconfig is in it.</summary>
    public const string MastersGroup = "system:masters";

    private const string Authenticated = "system:authenticated";

    /// <summary>The API group of well-known built-in resources, so <c>who-can create deployments</c> needs no <c>--api-group</c>.</summary>
    private static readonly Dictionary<string, string> KnownGroups = new(StringComparer.Ordinal)
    {
        ["deployments"] = "apps", ["daemonsets"] = "apps", ["statefulsets"] = "apps", ["replicasets"] = "apps", ["controllerrevisions"] = "apps",
        ["jobs"] = "batch", ["cronjobs"] = "batch",
        ["roles"] = RbacObject.Group, ["clusterroles"] = RbacObject.Group, ["rolebindings"] = RbacObject.Group, ["clusterrolebindings"] = RbacObject.Group,
        ["networkpolicies"] = "networking.k8s.io", ["ingresses"] = "networking.k8s.io", ["ingressclasses"] = "networking.k8s.io",
        ["poddisruptionbudgets"] = "policy", ["horizontalpodautoscalers"] = "autoscaling", ["leases"] = "coordination.k8s.io",
        ["storageclasses"] = "storage.k8s.io", ["csidrivers"] = "storage.k8s.io", ["csinodes"] = "storage.k8s.io", ["volumeattachments"] = "storage.k8s.io",
        ["customresourcedefinitions"] = "apiextensions.k8s.io", ["certificatesigningrequests"] = "certificates.k8s.io",
        ["validatingwebhookconfigurations"] = "admissionregistration.k8s.io", ["mutatingwebhookconfigurations"] = "admissionregistration.k8s.io",
        ["validatingadmissionpolicies"] = "admissionregistration.k8s.io", ["validatingadmissionpolicybindings"] = "admissionregistration.k8s.io",
        ["priorityclasses"] = "scheduling.k8s.io", ["endpointslices"] = "discovery.k8s.io", ["runtimeclasses"] = "node.k8s.io",
        ["tokenreviews"] = "authentication.k8s.io", ["subjectaccessreviews"] = "authorization.k8s.io", ["selfsubjectaccessreviews"] = "authorization.k8s.io",
        ["uids"] = "authentication.k8s.io",
    };

    /// <summary>Built-in resources without a namespace: a RoleBinding cannot grant them.</summary>
    private static readonly HashSet<string> ClusterScoped = new(StringComparer.Ordinal)
    {
        "nodes", "namespaces", "persistentvolumes", "clusterroles", "clusterrolebindings", "customresourcedefinitions", "storageclasses",
        "csidrivers", "csinodes", "volumeattachments", "priorityclasses", "certificatesigningrequests", "validatingwebhookconfigurations",
        "mutatingwebhookconfigurations", "validatingadmissionpolicies", "validatingadmissionpolicybindings", "ingressclasses", "runtimeclasses",
        "users", "groups", "tokenreviews", "subjectaccessreviews",
    };

    public static string ApiGroupOf(string resource) => KnownGroups.GetValueOrDefault(resource.Split('/')[0], string.Empty);

    public static RbacWhoCanResult WhoCan(RbacWhoCanRequest request)
    {
        var graph = Load(request.Paths);
        var nonResource = request.Resource.StartsWith('/');
        var group = nonResource ? string.Empty : request.ApiGroup ?? ApiGroupOf(request.Resource);
        var baseResource = request.Resource.Split('/')[0];
        var grants = new List<RbacGrant> { Masters(new RbacSubject(RbacSubject.Group, MastersGroup, string.Empty)) };
        foreach (var resolved in graph.Bindings)
        {
            var scope = resolved.Binding.Kind == "RoleBinding" ? resolved.Binding.Namespace : null;
            if (request.Namespace is { } asked && scope is not null && scope != asked)
            {
                continue;
            }

            foreach (var effective in resolved.Rules)
            {
                var rule = effective.Rule;
                var allows = nonResource
                    ? scope is null && rule.AllowsVerb(request.Verb) && rule.NonResourceUrls.Any(u => UrlMatches(u, request.Resource))
                    : rule.Resources.Length > 0 && rule.Grants(group, request.Resource, request.Verb);
                if (!allows)
                {
                    continue;
                }

                var notes = new List<string>(resolved.Notes);
                if (!nonResource && rule.ResourceNames.Length > 0)
                {
                    notes.Add("only for the objects named " + string.Join(", ", rule.ResourceNames));
                }

                if (!nonResource && scope is not null && ClusterScoped.Contains(baseResource))
                {
                    notes.Add($"{baseResource} have no namespace: a RoleBinding grants nothing on them");
                }

                grants.AddRange(resolved.Binding.Subjects.Select(s => Grant(Of(s, resolved.Binding), resolved, effective, notes)));
            }
        }

        return new RbacWhoCanResult(request.Verb, request.Resource, group, request.Namespace, nonResource, Sorted(grants), [.. UnresolvedNotes(graph)]);
    }

    public static RbacExplainResult Explain(RbacExplainRequest request)
    {
        var graph = Load(request.Paths);
        var identities = IdentitiesOf(request.Subject);
        var grants = new List<RbacGrant>();
        var notes = new List<string>();
        if (identities.Any(i => i.Kind == RbacSubject.Group && i.Name == MastersGroup))
        {
            grants.Add(Masters(request.Subject));
        }

        foreach (var resolved in graph.Bindings)
        {
            var matched = resolved.Binding.Subjects.Select(s => Of(s, resolved.Binding)).FirstOrDefault(identities.Contains);
            if (matched is null)
            {
                continue;
            }

            if (resolved.Rules.Count == 0)
            {
                grants.Add(new RbacGrant(matched, Scope(resolved), Ref(resolved.Binding), resolved.Role is null ? null : Ref(resolved.Role), null, null, null, null, resolved.Notes));
                continue;
            }

            grants.AddRange(resolved.Rules.Select(effective => Grant(matched, resolved, effective, resolved.Notes)));
        }

        notes.AddRange(graph.AggregationNotes);
        return new RbacExplainResult(request.Subject, identities, Sorted(grants), notes);
    }

    /// <summary>The subject and the groups the API server puts it in that bindings may name.</summary>
    private static List<RbacSubject> IdentitiesOf(RbacSubject subject)
    {
        var identities = new List<RbacSubject> { subject };
        if (subject.Kind == RbacSubject.ServiceAccount)
        {
            identities.Add(new RbacSubject(RbacSubject.User, $"system:serviceaccount:{subject.Namespace}:{subject.Name}", string.Empty));
            identities.Add(new RbacSubject(RbacSubject.Group, "system:serviceaccounts", string.Empty));
            identities.Add(new RbacSubject(RbacSubject.Group, "system:serviceaccounts:" + subject.Namespace, string.Empty));
        }

        if (subject.Kind != RbacSubject.Group)
        {
            identities.Add(new RbacSubject(RbacSubject.Group, Authenticated, string.Empty));
        }

        return identities;
    }

    private static RbacGraph Load(IReadOnlyList<string> paths) => new(new ClusterModel(InputLoader.Load(paths)));

    private static IEnumerable<string> UnresolvedNotes(RbacGraph graph) =>
        graph.Bindings.Where(b => b.Rules.Count == 0).SelectMany(b => b.Notes.Select(n => $"{Ref(b.Binding)}: {n}")).Concat(graph.AggregationNotes);

    private static RbacGrant Masters(RbacSubject subject) =>
        new(subject, null, null, null, null, null, null, null, [$"{MastersGroup} is allowed everything before RBAC is consulted (Talos's admin kubeconfig is in it)"]);

    private static RbacGrant Grant(RbacSubject subject, ResolvedBinding resolved, EffectiveRule effective, IReadOnlyList<string> notes)
    {
        var rule = effective.Rule;
        var builtIn = resolved.Role is null;
        return new RbacGrant(
            subject,
            Scope(resolved),
            Ref(resolved.Binding),
            builtIn ? new RbacObjectRef("ClusterRole", resolved.Binding.RoleRefName, string.Empty, null) : Ref(resolved.Role!),
            effective.Index,
            builtIn ? null : new RbacPlace(effective.Owner.Document.File.DisplayPath, rule.Node.Start.Line),
            effective.AggregatedInto is null ? null : Ref(effective.Owner),
            new RbacRuleText(rule.ApiGroups, rule.Resources, rule.Verbs, rule.ResourceNames, rule.NonResourceUrls),
            notes);
    }

    private static string? Scope(ResolvedBinding resolved) => resolved.Binding.Kind == "RoleBinding" ? resolved.Binding.Namespace : null;

    /// <summary>A binding's subject; a ServiceAccount without a namespace in a RoleBinding is in the binding's namespace.</summary>
    private static RbacSubject Of(Subject subject, RbacObject binding) =>
        new(subject.Kind, subject.Name,
            subject.Kind == RbacSubject.ServiceAccount ? (subject.Namespace.Length > 0 ? subject.Namespace : binding.Namespace) : string.Empty);

    private static RbacObjectRef Ref(RbacObject value) => new(value.Kind, value.Name, value.Namespace, new RbacPlace(value.Document.File.DisplayPath, value.Root.Start.Line));

    /// <summary>RBAC's NonResourceURLMatches: <c>*</c>, the exact path, or a prefix ending in <c>*</c>.</summary>
    private static bool UrlMatches(string rule, string path) =>
        rule == PolicyRule.All || rule == path || (rule.EndsWith('*') && path.StartsWith(rule[..^1], StringComparison.Ordinal));

    private static List<RbacGrant> Sorted(List<RbacGrant> grants) =>
    [
        .. grants.OrderBy(g => g.Binding is null ? 0 : 1)
            .ThenBy(g => g.Subject.Kind, StringComparer.Ordinal).ThenBy(g => g.Subject.Namespace, StringComparer.Ordinal).ThenBy(g => g.Subject.Name, StringComparer.Ordinal)
            .ThenBy(g => g.Namespace ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(g => g.Binding?.Place?.File ?? string.Empty, StringComparer.Ordinal).ThenBy(g => g.Binding?.Place?.Line ?? 0)
            .ThenBy(g => g.RulePlace?.File ?? string.Empty, StringComparer.Ordinal).ThenBy(g => g.RulePlace?.Line ?? 0),
    ];
}
