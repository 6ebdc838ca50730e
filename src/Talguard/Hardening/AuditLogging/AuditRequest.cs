namespace Talguard.Hardening.AuditLogging;

/// <summary>An authenticated identity: user name and groups, compared exactly.</summary>
public sealed record AuditUser(string Name, IReadOnlyList<string> Groups);

/// <summary>
/// The request attributes the policy checker looks at (the apiserver's <c>authorizer.Attributes</c>).
/// Cluster-scoped requests, and all-namespaces list/watch of namespaced resources, have namespace <c>""</c>;
/// a request on a Namespace object has that namespace's own name. The core API group is <c>""</c>.
/// </summary>
public sealed record AuditRequest
{
    /// <summary>Null when the request carries no user (rules with users or userGroups never match it).</summary>
    public AuditUser? User { get; init; }

    /// <summary>Kubernetes verb, or the lower-cased HTTP method for non-resource requests.</summary>
    public string Verb { get; init; } = string.Empty;

    public bool IsResourceRequest { get; init; }

    public string Namespace { get; init; } = string.Empty;

    public string ApiGroup { get; init; } = string.Empty;

    public string Resource { get; init; } = string.Empty;

    public string Subresource { get; init; } = string.Empty;

    /// <summary>Object name; empty for collection requests (list, watch, create without a name, deletecollection).</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>URL path without the query string (what non-resource rules compare).</summary>
    public string Path { get; init; } = string.Empty;

    public override string ToString()
    {
        var who = User is null ? "no user" : $"user {User.Name}";
        if (!IsResourceRequest)
        {
            return $"{Verb} {Path} by {who}";
        }

        var resource = Subresource.Length == 0 ? Resource : Resource + "/" + Subresource;
        var group = ApiGroup.Length == 0 ? "core" : ApiGroup;
        var scope = Namespace.Length == 0 ? "cluster-wide" : $"in namespace {Namespace}";
        var name = Name.Length == 0 ? string.Empty : $" named {Name}";
        return $"{Verb} {resource} ({group}){name} {scope} by {who}";
    }
}

/// <summary>What the policy decides for one request.</summary>
/// <param name="RuleIndex">The first matching rule, or -1 when no rule matched (level None).</param>
public sealed record AuditDecision(string Level, IReadOnlyList<string> OmitStages, bool OmitManagedFields, int RuleIndex);
