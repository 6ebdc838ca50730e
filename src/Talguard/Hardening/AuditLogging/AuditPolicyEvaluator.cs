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
    public static bool RuleMatches(AuditPolicyRule rule, AuditRequest request) =>
        MatchesIdentity(rule, request.User) && MatchesAction(rule, request);

    /// <summary>The <c>users</c> and <c>userGroups</c> conditions: exact names; a request without a user fails either.</summary>
    public static bool MatchesIdentity(AuditPolicyRule rule, AuditUser? user)
    {
        if (rule.Users.Count > 0 && (user is null || !Contains(rule.Users, user.Name)))
        {
            return false;
        }

        if (rule.UserGroups.Count == 0)
        {
            return true;
        }

        if (user is not null)
        {
            for (var i = 0; i < user.Groups.Count; i++)
            {
                if (Contains(rule.UserGroups, user.Groups[i]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The conditions on what is requested (verb and scope), ignoring who asks.</summary>
    public static bool MatchesAction(AuditPolicyRule rule, AuditRequest request)
    {
        if (rule.Verbs.Count > 0 && !Contains(rule.Verbs, request.Verb))
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

        if (rule.Namespaces.Count > 0 && !Contains(rule.Namespaces, request.Namespace))
        {
            return false;
        }

        if (rule.Resources.Count == 0)
        {
            return true;
        }

        // Index loops: these lists are interfaces, and foreach over them allocates an enumerator per call.
        for (var e = 0; e < rule.Resources.Count; e++)
        {
            var entry = rule.Resources[e];
            if (!string.Equals(entry.Group, request.ApiGroup, StringComparison.Ordinal))
            {
                continue;
            }

            if (entry.Resources.Count == 0)
            {
                return true;
            }

            // The name gate applies to every pattern of the entry.
            if (entry.ResourceNames.Count > 0 && !Contains(entry.ResourceNames, request.Name))
            {
                continue;
            }

            for (var p = 0; p < entry.Resources.Count; p++)
            {
                if (ResourcePatternMatches(entry.Resources[p], request))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool ResourcePatternMatches(string pattern, AuditRequest request)
    {
        if (pattern == "*" || IsCombinedResource(pattern, request.Resource, request.Subresource))
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

    /// <summary><c>resource</c>, or <c>resource/subresource</c> when there is one, compared without building the string.</summary>
    private static bool IsCombinedResource(string pattern, string resource, string subresource) =>
        subresource.Length == 0
            ? string.Equals(pattern, resource, StringComparison.Ordinal)
            : pattern.Length == resource.Length + 1 + subresource.Length &&
              pattern.StartsWith(resource, StringComparison.Ordinal) &&
              pattern[resource.Length] == '/' &&
              pattern.EndsWith(subresource, StringComparison.Ordinal);

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchesNonResource(AuditPolicyRule rule, AuditRequest request)
    {
        if (request.IsResourceRequest)
        {
            return false;
        }

        for (var i = 0; i < rule.NonResourceUrls.Count; i++)
        {
            var spec = rule.NonResourceUrls[i];
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
