using Talguard.Model;

namespace Talguard.Hardening.AuditLogging;

/// <summary>
/// An <c>audit.k8s.io/v1</c> Policy as the API server loads it. <see cref="Node"/> and the nodes of
/// rules and resource entries point back into the YAML the policy was read from (null when built in code).
/// </summary>
public sealed record AuditPolicy
{
    public const string ApiVersionV1 = "audit.k8s.io/v1";

    public YamlNode? Node { get; init; }

    public IReadOnlyList<AuditPolicyRule> Rules { get; init; } = [];

    /// <summary>Stages omitted for every rule (unioned with each rule's own).</summary>
    public IReadOnlyList<string> OmitStages { get; init; } = [];

    public bool OmitManagedFields { get; init; }
}

/// <summary>One entry of <c>rules</c>. Empty lists mean "no filter" for that field.</summary>
public sealed record AuditPolicyRule
{
    /// <summary>Position in <c>rules</c> (0-based).</summary>
    public int Index { get; init; }

    public YamlNode? Node { get; init; }

    public string Level { get; init; } = string.Empty;

    public IReadOnlyList<string> Users { get; init; } = [];

    public IReadOnlyList<string> UserGroups { get; init; } = [];

    public IReadOnlyList<string> Verbs { get; init; } = [];

    public IReadOnlyList<AuditGroupResources> Resources { get; init; } = [];

    public IReadOnlyList<string> Namespaces { get; init; } = [];

    public IReadOnlyList<string> NonResourceUrls { get; init; } = [];

    public IReadOnlyList<string> OmitStages { get; init; } = [];

    /// <summary>Null when the rule does not set it (the policy-level value applies).</summary>
    public bool? OmitManagedFields { get; init; }

    /// <summary>The scope check uses the resource matcher alone when either of these is set.</summary>
    public bool HasResourceScope => Namespaces.Count > 0 || Resources.Count > 0;

    /// <summary>No filter at all: matches every request, resource or not, with or without a user.</summary>
    public bool MatchesEveryRequest =>
        Users.Count == 0 && UserGroups.Count == 0 && Verbs.Count == 0 && !HasResourceScope && NonResourceUrls.Count == 0;

    /// <summary>Relative path of this rule inside the policy, e.g. <c>rules[2]</c>.</summary>
    public string Path => YamlPath.Item("rules", Index);
}

/// <summary>One entry of a rule's <c>resources</c>: a group and optionally resource patterns and names.</summary>
public sealed record AuditGroupResources
{
    public AuditGroupResources()
    {
    }

    public AuditGroupResources(string group, IReadOnlyList<string> resources, IReadOnlyList<string>? resourceNames = null)
    {
        Group = group;
        Resources = resources;
        ResourceNames = resourceNames ?? [];
    }

    public YamlNode? Node { get; init; }

    /// <summary>Position in the rule's <c>resources</c> list.</summary>
    public int Index { get; init; }

    /// <summary>The API group; empty is the core group (also when the key is left out).</summary>
    public string Group { get; init; } = string.Empty;

    public IReadOnlyList<string> Resources { get; init; } = [];

    public IReadOnlyList<string> ResourceNames { get; init; } = [];
}

/// <summary>The audit levels, spelled as the API server requires (case-sensitive).</summary>
public static class AuditLevel
{
    public const string None = "None";
    public const string Metadata = "Metadata";
    public const string Request = "Request";
    public const string RequestResponse = "RequestResponse";

    public static IReadOnlyList<string> All { get; } = [None, Metadata, Request, RequestResponse];

    public static bool IsValid(string level) => All.Contains(level, StringComparer.Ordinal);

    /// <summary>0 for None up to 3 for RequestResponse; -1 for a value the API server refuses.</summary>
    public static int Rank(string level) => level switch
    {
        None => 0,
        Metadata => 1,
        Request => 2,
        RequestResponse => 3,
        _ => -1,
    };
}

/// <summary>The audit stages a policy can omit.</summary>
public static class AuditStage
{
    public const string RequestReceived = "RequestReceived";
    public const string ResponseStarted = "ResponseStarted";
    public const string ResponseComplete = "ResponseComplete";
    public const string Panic = "Panic";

    public static IReadOnlyList<string> All { get; } = [RequestReceived, ResponseStarted, ResponseComplete, Panic];

    public static bool IsValid(string stage) => All.Contains(stage, StringComparer.Ordinal);
}
