using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Hardening.ApiAccess;

/// <summary>A Role, ClusterRole, RoleBinding or ClusterRoleBinding: a document, or an item of a <c>List</c>.</summary>
internal sealed record RbacObject(LocatedDocument Document, YamlNode Root, string ApiVersion, string Kind)
{
    public const string Group = "rbac.authorization.k8s.io";

    private static readonly string[] Kinds = ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"];

    public string Name => Root.At("metadata", "name")?.AsString() ?? string.Empty;

    public string Namespace => Root.At("metadata", "namespace")?.AsString() ?? string.Empty;

    public ObjectReference Reference => new(ApiVersion, Kind, Namespace, Name);

    public bool IsRole => Kind is "Role" or "ClusterRole";

    public bool IsBinding => Kind is "RoleBinding" or "ClusterRoleBinding";

    public IEnumerable<PolicyRule> Rules => (Root["rules"]?.Items ?? []).Where(r => r.IsMapping).Select(PolicyRule.Read);

    public IEnumerable<Subject> Subjects => (Root["subjects"]?.Items ?? []).Where(s => s.IsMapping).Select(Subject.Read);

    public string RoleRefKind => Root.At("roleRef", "kind")?.AsString() ?? string.Empty;

    public string RoleRefName => Root.At("roleRef", "name")?.AsString() ?? string.Empty;

    /// <summary>True when the binding refers to the ClusterRole <paramref name="name"/>.</summary>
    public bool BindsClusterRole(string name) => RoleRefKind == "ClusterRole" && RoleRefName == name;

    /// <summary>Every RBAC object among the inputs, including items of <c>List</c> documents.</summary>
    public static IEnumerable<RbacObject> All(ClusterModel model)
    {
        foreach (var document in model.KubernetesObjects)
        {
            if (document.Root is not { } root)
            {
                continue;
            }

            if (document.Kind.EndsWith("List", StringComparison.Ordinal))
            {
                foreach (var item in root["items"]?.Items ?? [])
                {
                    if (TryRead(document, item) is { } listed)
                    {
                        yield return listed;
                    }
                }
            }
            else if (TryRead(document, root) is { } single)
            {
                yield return single;
            }
        }
    }

    /// <summary>Reports at <paramref name="node"/> with this object (not its enclosing List) as the finding's object.</summary>
    public void Report(ScanContext context, RuleDescriptor rule, YamlNode node, string message, string? patch) =>
        context.Add(new Finding(rule, rule.Severity, message, Location.At(Document, node), Reference, patch));

    /// <summary>Kind and name as messages show them.</summary>
    public override string ToString() => Kind + " " + (Name.Length > 0 ? Name : "(unnamed)");

    private static RbacObject? TryRead(LocatedDocument document, YamlNode root)
    {
        var apiVersion = root["apiVersion"]?.AsString() ?? string.Empty;
        var kind = root["kind"]?.AsString() ?? string.Empty;
        return root.IsMapping && apiVersion.StartsWith(Group + "/", StringComparison.Ordinal) && Kinds.Contains(kind, StringComparer.Ordinal)
            ? new RbacObject(document, root, apiVersion, kind)
            : null;
    }
}

/// <summary>One entry of a role's <c>rules</c>, matched the way the Kubernetes RBAC authorizer matches it.</summary>
internal sealed record PolicyRule(YamlNode Node, string[] ApiGroups, string[] Resources, string[] Verbs, string[] ResourceNames, string[] NonResourceUrls)
{
    public const string All = "*";

    public static readonly string[] ReadVerbs = ["get", "list", "watch"];

    /// <summary>The verbs <c>*</c> stands for, minus escalate, bind and impersonate.</summary>
    public static readonly string[] OrdinaryVerbs = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];

    /// <summary>
    /// Reads a rule. The API server rejects resource rules without <c>apiGroups</c>; such a manifest is
    /// read as meaning the core group, so what it tries to grant is still judged.
    /// </summary>
    public static PolicyRule Read(YamlNode node) =>
        new(node, node["apiGroups"] is null && node["resources"] is not null ? [string.Empty] : Strings(node["apiGroups"]), Strings(node["resources"]), Strings(node["verbs"]),
            Strings(node["resourceNames"]), Strings(node["nonResourceURLs"]));

    public bool AllowsVerb(string verb) => Verbs.Contains(All, StringComparer.Ordinal) || Verbs.Contains(verb, StringComparer.Ordinal);

    public bool AllowsGroup(string group) => ApiGroups.Contains(All, StringComparer.Ordinal) || ApiGroups.Contains(group, StringComparer.Ordinal);

    /// <summary>RBAC's ResourceMatches: <c>*</c>, the exact <c>resource/subresource</c>, or <c>*/subresource</c>.</summary>
    public bool AllowsResource(string resource)
    {
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        var subresource = slash < 0 ? string.Empty : resource[(slash + 1)..];
        return Resources.Any(r => r == All || r == resource || (subresource.Length > 0 && r == "*/" + subresource));
    }

    public bool Grants(string group, string resource, string verb) => AllowsVerb(verb) && AllowsGroup(group) && AllowsResource(resource);

    public PolicyRule With(string[]? resources = null, string[]? verbs = null) =>
        this with { Resources = resources ?? Resources, Verbs = verbs ?? Verbs };

    private static string[] Strings(YamlNode? list) => [.. (list?.Items ?? []).Select(i => i.AsString() ?? string.Empty)];
}

/// <summary>One entry of a binding's <c>subjects</c>.</summary>
internal sealed record Subject(YamlNode Node, string Kind, string Name, string Namespace, string ApiGroup)
{
    public static Subject Read(YamlNode node) =>
        new(node, Text(node["kind"]), Text(node["name"]), Text(node["namespace"]), Text(node["apiGroup"]));

    public override string ToString() => Kind + " " + (Namespace.Length > 0 ? Namespace + "/" : string.Empty) + Name;

    private static string Text(YamlNode? node) => node?.AsString() ?? string.Empty;
}
