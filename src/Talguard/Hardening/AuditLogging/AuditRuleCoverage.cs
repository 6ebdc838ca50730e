namespace Talguard.Hardening.AuditLogging;

/// <summary>
/// Whether one rule matches every request another rule could match (so the later one is unreachable).
/// The test is conservative: it answers true only when coverage holds for every request, field by field.
/// </summary>
public static class AuditRuleCoverage
{
    public static bool Covers(AuditPolicyRule earlier, AuditPolicyRule later) =>
        CoversFilter(earlier.Users, later.Users) &&
        CoversFilter(earlier.UserGroups, later.UserGroups) &&
        CoversFilter(earlier.Verbs, later.Verbs) &&
        CoversScope(earlier, later);

    /// <summary>An empty filter allows everything; otherwise the later filter must be a non-empty subset.</summary>
    private static bool CoversFilter(IReadOnlyList<string> earlier, IReadOnlyList<string> later) =>
        earlier.Count == 0 || (later.Count > 0 && later.All(v => earlier.Contains(v, StringComparer.Ordinal)));

    private static bool CoversScope(AuditPolicyRule earlier, AuditPolicyRule later)
    {
        if (earlier.HasResourceScope)
        {
            return later.HasResourceScope &&
                CoversFilter(earlier.Namespaces, later.Namespaces) &&
                CoversResources(earlier.Resources, later.Resources);
        }

        if (earlier.NonResourceUrls.Count > 0)
        {
            return !later.HasResourceScope && later.NonResourceUrls.Count > 0 &&
                later.NonResourceUrls.All(spec => earlier.NonResourceUrls.Any(e => CoversUrl(e, spec)));
        }

        return true;
    }

    private static bool CoversResources(IReadOnlyList<AuditGroupResources> earlier, IReadOnlyList<AuditGroupResources> later)
    {
        if (earlier.Count == 0)
        {
            return true;
        }

        // A later rule without resources (namespaces only) reaches every group.
        return later.Count > 0 && later.All(entry => CoversEntry(earlier, entry));
    }

    private static bool CoversEntry(IReadOnlyList<AuditGroupResources> earlier, AuditGroupResources later)
    {
        var sameGroup = earlier.Where(e => string.Equals(e.Group, later.Group, StringComparison.Ordinal)).ToList();
        if (sameGroup.Any(e => e.Resources.Count == 0))
        {
            return true;
        }

        if (later.Resources.Count == 0)
        {
            return false;
        }

        return later.Resources.All(pattern => sameGroup.Any(e =>
            CoversFilter(e.ResourceNames, later.ResourceNames) &&
            e.Resources.Any(p => CoversPattern(p, pattern))));
    }

    /// <summary>Whether resource pattern <paramref name="earlier"/> matches everything <paramref name="later"/> matches.</summary>
    private static bool CoversPattern(string earlier, string later)
    {
        if (earlier == "*" || string.Equals(earlier, later, StringComparison.Ordinal))
        {
            return true;
        }

        if (later == "*")
        {
            return false;
        }

        if (earlier.StartsWith("*/", StringComparison.Ordinal))
        {
            var sub = earlier.TrimStart('*', '/');
            var slash = later.IndexOf('/', StringComparison.Ordinal);
            return slash > 0 && !later.EndsWith("/*", StringComparison.Ordinal) && string.Equals(later[(slash + 1)..], sub, StringComparison.Ordinal);
        }

        if (earlier.EndsWith("/*", StringComparison.Ordinal))
        {
            var resource = earlier.TrimEnd('/', '*');
            var laterResource = later.Split('/')[0];
            return laterResource.Length > 0 && laterResource != "*" && string.Equals(laterResource, resource, StringComparison.Ordinal);
        }

        return false;
    }

    private static bool CoversUrl(string earlier, string later)
    {
        if (earlier == "*" || string.Equals(earlier, later, StringComparison.Ordinal))
        {
            return true;
        }

        if (!earlier.EndsWith('*') || later == "*")
        {
            return false;
        }

        var laterPrefix = later.EndsWith('*') ? later.TrimEnd('*') : later;
        return laterPrefix.StartsWith(earlier.TrimEnd('*'), StringComparison.Ordinal);
    }
}
