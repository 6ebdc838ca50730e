namespace Talguard.Hardening.AuditLogging;

/// <summary>
/// Requests on core-group <c>secrets</c> built from a policy itself (every user, group, namespace and
/// resourceName it names) plus typical identities, so a decision over them holds for any request the
/// policy can tell apart.
/// </summary>
public static class RepresentativeRequests
{
    public static readonly AuditUser MastersUser = new("kubernetes-admin", ["system:masters", "system:authenticated"]);

    public static readonly AuditUser ServiceAccount =
        new("system:serviceaccount:ns:sa", ["system:serviceaccounts", "system:serviceaccounts:ns", "system:authenticated"]);

    public static readonly AuditUser Anonymous = new("system:anonymous", ["system:unauthenticated"]);

    /// <summary>Verbs whose requests carry no object name (a collection), and those that always carry one.</summary>
    private static readonly string[] CollectionVerbs = ["create", "deletecollection"];
    private static readonly string[] NamedVerbs = ["get", "update", "patch", "delete"];

    /// <summary>list and watch have no name, except with a <c>metadata.name</c> field selector.</summary>
    private static readonly string[] OptionallyNamedVerbs = ["list", "watch"];

    private const string UnnamedNamespace = "some-namespace";
    private const string UnnamedSecret = "some-secret";

    public static IEnumerable<AuditRequest> ForSecrets(AuditPolicy policy)
    {
        // Namespaced requests first, so a finding's example is the everyday case.
        var namespaces = Distinct(policy.Rules.SelectMany(r => r.Namespaces).Where(n => n.Length > 0).Append(UnnamedNamespace).Append(string.Empty));
        var names = Distinct(policy.Rules.SelectMany(r => r.Resources).SelectMany(g => g.ResourceNames).Append(UnnamedSecret));
        foreach (var user in Identities(policy))
        {
            foreach (var ns in namespaces)
            {
                foreach (var verb in CollectionVerbs.Concat(OptionallyNamedVerbs))
                {
                    yield return Secret(user, verb, ns, string.Empty);
                }

                foreach (var name in names)
                {
                    foreach (var verb in NamedVerbs.Concat(OptionallyNamedVerbs))
                    {
                        yield return Secret(user, verb, ns, name);
                    }
                }
            }
        }
    }

    /// <summary>Every named user and a generic one, each with every named group set; the typical identities; no user.</summary>
    public static IReadOnlyList<AuditUser?> Identities(AuditPolicy policy)
    {
        List<IReadOnlyList<string>> groupSets = [["system:authenticated"]];
        groupSets.AddRange(Distinct(policy.Rules.SelectMany(r => r.UserGroups)).Select(g => (IReadOnlyList<string>)[g, "system:authenticated"]));
        groupSets.Add(MastersUser.Groups);
        groupSets.Add(ServiceAccount.Groups);
        groupSets.Add(Anonymous.Groups);

        var userNames = Distinct(policy.Rules.SelectMany(r => r.Users)
            .Concat([MastersUser.Name, ServiceAccount.Name, Anonymous.Name, "some-user"]));
        var identities = new List<AuditUser?> { null };
        identities.AddRange(userNames.SelectMany(name => groupSets.Select(groups => new AuditUser(name, groups))));
        return identities;
    }

    private static AuditRequest Secret(AuditUser? user, string verb, string ns, string name) => new()
    {
        User = user,
        Verb = verb,
        IsResourceRequest = true,
        Namespace = ns,
        Resource = "secrets",
        Name = name,
        Path = ns.Length == 0 ? "/api/v1/secrets" : $"/api/v1/namespaces/{ns}/secrets" + (name.Length == 0 ? string.Empty : "/" + name),
    };

    private static List<string> Distinct(IEnumerable<string> values) => [.. values.Distinct(StringComparer.Ordinal)];
}
