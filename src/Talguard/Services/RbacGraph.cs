using Talguard.Hardening.ApiAccess;
using Talguard.Model;

namespace Talguard.Services;

/// <summary>A rule a role holds, as the RBAC authorizer sees it: from the role itself, or aggregated into a ClusterRole from another.</summary>
internal sealed record EffectiveRule(PolicyRule Rule, int Index, RbacObject Owner, RbacObject? AggregatedInto);

/// <summary>A binding of the inputs with the role it refers to (null when that role is not among the inputs).</summary>
internal sealed record ResolvedBinding(RbacObject Binding, RbacObject? Role, IReadOnlyList<EffectiveRule> Rules, IReadOnlyList<string> Notes);

/// <summary>
/// The Roles, ClusterRoles and bindings of a set of manifests, resolved as the API server would hold them: a ClusterRole
/// with an <c>aggregationRule</c> has the rules of every other ClusterRole its selectors match (the aggregation controller
/// replaces its own <c>rules</c>, also transitively), a RoleBinding takes a Role of its namespace or a ClusterRole (whose
/// rules then apply in the binding's namespace only), a ClusterRoleBinding only a ClusterRole.
/// </summary>
internal sealed class RbacGraph
{
    /// <summary>The one built-in ClusterRole whose rules are known without its manifest: cluster-admin is everything.</summary>
    private const string ClusterAdmin = "cluster-admin";

    private readonly List<RbacObject> _clusterRoles;
    private readonly Dictionary<RbacObject, IReadOnlyList<EffectiveRule>> _rules = [];

    public RbacGraph(ClusterModel model)
    {
        var objects = RbacObject.All(model).ToList();
        _clusterRoles = [.. objects.Where(o => o.Kind == "ClusterRole")];
        var roles = objects.Where(o => o.Kind == "Role").ToList();
        Bindings = [.. objects.Where(o => o.IsBinding).Select(b => Resolve(b, roles))];
    }

    public IReadOnlyList<ResolvedBinding> Bindings { get; }

    /// <summary>Notes about ClusterRoles whose aggregation replaced rules written in them.</summary>
    public IEnumerable<string> AggregationNotes =>
        _clusterRoles.Where(r => IsAggregated(r) && r.Rules.Any())
            .Select(r => $"{r} ({Place(r.Document, r.Root)}) has an aggregationRule: the controller replaces the rules written in it with the aggregated ones");

    public static string Place(LocatedDocument document, YamlNode node) => $"{document.File.DisplayPath}:{node.Start.Line}";

    private ResolvedBinding Resolve(RbacObject binding, List<RbacObject> roles)
    {
        var notes = new List<string>();
        RbacObject? role = null;
        switch (binding.RoleRefKind)
        {
            case "ClusterRole":
                role = _clusterRoles.FirstOrDefault(r => r.Name == binding.RoleRefName);
                break;
            case "Role" when binding.Kind == "RoleBinding":
                role = roles.FirstOrDefault(r => r.Name == binding.RoleRefName && r.Namespace == binding.Namespace);
                break;
            default:
                notes.Add($"{binding} refers to a {binding.RoleRefKind} '{binding.RoleRefName}', which the API server rejects for a {binding.Kind}");
                return new ResolvedBinding(binding, null, [], notes);
        }

        if (role is not null)
        {
            return new ResolvedBinding(binding, role, RulesOf(role, []), notes);
        }

        if (binding.RoleRefKind == "ClusterRole" && binding.RoleRefName == ClusterAdmin)
        {
            notes.Add("cluster-admin is built in: every verb on every resource and non-resource URL");
            return new ResolvedBinding(binding, null, [ClusterAdminRule(binding)], notes);
        }

        notes.Add($"{binding.RoleRefKind} {binding.RoleRefName} is not among the inputs (a built-in or another file's role): its rules are unknown here");
        return new ResolvedBinding(binding, null, [], notes);
    }

    private static EffectiveRule ClusterAdminRule(RbacObject binding) =>
        new(new PolicyRule(binding.Root["roleRef"] ?? binding.Root, [PolicyRule.All], [PolicyRule.All], [PolicyRule.All], [], [PolicyRule.All]), 0, binding, null);

    private IReadOnlyList<EffectiveRule> RulesOf(RbacObject role, HashSet<RbacObject> visiting)
    {
        if (_rules.TryGetValue(role, out var known))
        {
            return known;
        }

        if (!IsAggregated(role))
        {
            return _rules[role] = [.. role.Rules.Select((rule, index) => new EffectiveRule(rule, index, role, null))];
        }

        if (!visiting.Add(role))
        {
            return [];
        }

        var selectors = role.Root.At("aggregationRule", "clusterRoleSelectors")?.Items ?? [];
        var aggregated = _clusterRoles
            .Where(other => other != role && selectors.Any(s => LabelSelector.Matches(s, other.Root.At("metadata", "labels"))))
            .OrderBy(other => other.Name, StringComparer.Ordinal)
            .SelectMany(other => RulesOf(other, visiting).Select(r => r with { AggregatedInto = role }))
            .ToList();
        visiting.Remove(role);
        return _rules[role] = aggregated;
    }

    private static bool IsAggregated(RbacObject role) => role.Kind == "ClusterRole" && role.Root["aggregationRule"] is not null;
}

/// <summary>A Kubernetes label selector (<c>matchLabels</c> and <c>matchExpressions</c>, ANDed; an empty one matches everything).</summary>
internal static class LabelSelector
{
    public static bool Matches(YamlNode selector, YamlNode? labels)
    {
        string? Label(string key) => labels?[key]?.AsString();
        foreach (var (key, value) in selector["matchLabels"]?.Entries ?? [])
        {
            if (Label(key.Value) != (value.AsString() ?? string.Empty))
            {
                return false;
            }
        }

        foreach (var expression in selector["matchExpressions"]?.Items ?? [])
        {
            var key = expression["key"]?.AsString() ?? string.Empty;
            var values = (expression["values"]?.Items ?? []).Select(v => v.AsString() ?? string.Empty).ToList();
            var present = Label(key);
            var holds = expression["operator"]?.AsString() switch
            {
                "In" => present is not null && values.Contains(present, StringComparer.Ordinal),
                "NotIn" => present is null || !values.Contains(present, StringComparer.Ordinal),
                "Exists" => present is not null,
                "DoesNotExist" => present is null,
                _ => false,
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }
}
