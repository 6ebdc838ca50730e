namespace Talguard.Hardening.AuditLogging;

/// <summary>
/// The kube-apiserver policy checker: rules in file order, the first match wins; each rule's stages
/// are the union of the policy's and its own; no match means level None with the policy's stages.
/// </summary>
public sealed class AuditPolicyEvaluator
{
    private readonly AuditPolicy _policy;
    private readonly IReadOnlyList<string>[] _ruleStages;

    public AuditPolicyEvaluator(AuditPolicy policy)
    {
        _policy = policy;
        _ruleStages = [.. policy.Rules.Select(r => UnionStages(policy.OmitStages, r.OmitStages))];
    }

    public AuditDecision Evaluate(AuditRequest request)
    {
        for (var i = 0; i < _policy.Rules.Count; i++)
        {
            var rule = _policy.Rules[i];
            if (RuleMatches(rule, request))
            {
                return new AuditDecision(rule.Level, _ruleStages[i], rule.OmitManagedFields ?? _policy.OmitManagedFields, i);
            }
        }

        return new AuditDecision(AuditLevel.None, _policy.OmitStages, _policy.OmitManagedFields, -1);
    }

    /// <summary>Stages omitted by a rule: policy-level plus rule-level, duplicates removed (order is not significant).</summary>
    public IReadOnlyList<string> StagesOmittedBy(int ruleIndex) => _ruleStages[ruleIndex];

    /// <summary>Union of two stage lists; null counts as empty, duplicates collapse, first-seen order is kept.</summary>
    public static IReadOnlyList<string> UnionStages(IReadOnlyList<string>? first, IReadOnlyList<string>? second) =>
        [.. (first ?? []).Concat(second ?? []).Distinct(StringComparer.Ordinal)];

    /// <summary>Whether one rule applies to a request; every condition must hold.</summary>
    public static bool RuleMatches(AuditPolicyRule rule, AuditRequest request)
    {
        if (rule.Users.Count > 0 && (request.User is null || !rule.Users.Contains(request.User.Name, StringComparer.Ordinal)))
        {
            return false;
        }

        if (rule.UserGroups.Count > 0 &&
            (request.User is null || !request.User.Groups.Any(g => rule.UserGroups.Contains(g, StringComparer.Ordinal))))
        {
            return false;
        }

        if (rule.Verbs.Count > 0 && !rule.Verbs.Contains(request.Verb, StringComparer.Ordinal))
        {
            return false;
        }

        if (rule.HasResourceScope)
        {
            return MatchesResource(rule, request);
        }

        return rule.NonResourceUrls.Count == 0 || MatchesNonResource(rule, request);
    }

    private static bool MatchesResource(AuditPolicyRule rule, AuditRequest request)
    {
        if (!request.IsResourceRequest)
        {
            return false;
        }

        if (rule.Namespaces.Count > 0 && !rule.Namespaces.Contains(request.Namespace, StringComparer.Ordinal))
        {
            return false;
        }

        if (rule.Resources.Count == 0)
        {
            return true;
        }

        foreach (var entry in rule.Resources)
        {
            if (!string.Equals(entry.Group, request.ApiGroup, StringComparison.Ordinal))
            {
                continue;
            }

            if (entry.Resources.Count == 0)
            {
                return true;
            }

            if (entry.Resources.Any(pattern => ResourcePatternMatches(pattern, entry, request)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ResourcePatternMatches(string pattern, AuditGroupResources entry, AuditRequest request)
    {
        if (entry.ResourceNames.Count > 0 && !entry.ResourceNames.Contains(request.Name, StringComparer.Ordinal))
        {
            return false;
        }

        var combined = request.Subresource.Length == 0 ? request.Resource : request.Resource + "/" + request.Subresource;
        if (pattern == "*" || string.Equals(pattern, combined, StringComparison.Ordinal))
        {
            return true;
        }

        // Upstream trims with character sets ("*/" and "/*"), not fixed prefixes/suffixes; kept as is.
        if (request.Subresource.Length > 0 && pattern.StartsWith("*/", StringComparison.Ordinal) &&
            string.Equals(pattern.TrimStart('*', '/'), request.Subresource, StringComparison.Ordinal))
        {
            return true;
        }

        // "X/*" is compared with the resource alone, so it also matches X without a subresource.
        return pattern.EndsWith("/*", StringComparison.Ordinal) &&
            string.Equals(pattern.TrimEnd('/', '*'), request.Resource, StringComparison.Ordinal);
    }

    private static bool MatchesNonResource(AuditPolicyRule rule, AuditRequest request)
    {
        if (request.IsResourceRequest)
        {
            return false;
        }

        foreach (var spec in rule.NonResourceUrls)
        {
            if (spec == "*" || string.Equals(spec, request.Path, StringComparison.Ordinal))
            {
                return true;
            }

            if (spec.EndsWith('*') && request.Path.StartsWith(spec.TrimEnd('*'), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
