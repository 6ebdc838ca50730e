using Talguard.Model.Talos.Patching;

namespace Talguard.Hardening.ApiAccess;

/// <summary>Writes corrected RBAC objects as remediation manifests (names and list values double-quoted) with <see cref="ConfigYamlWriter"/>.</summary>
internal static class RbacManifest
{
    public static string Role(RbacObject role, IEnumerable<PolicyRule> rules)
    {
        var manifest = Header(role);
        manifest["rules"] = new ConfigSequence(rules.Select(Rule));
        return ConfigYamlWriter.Write([manifest]);
    }

    /// <summary>A ClusterRole whose rules are those of the built-in <c>view</c> role (which leaves out Secrets).</summary>
    public static string AggregatedView(RbacObject role)
    {
        var manifest = Header(role);
        var selector = ConfigMapping.Of(("matchLabels", ConfigMapping.Of(("rbac.authorization.k8s.io/aggregate-to-view", ConfigScalar.Quoted("true")))));
        manifest["aggregationRule"] = ConfigMapping.Of(("clusterRoleSelectors", new ConfigSequence([selector])));
        manifest["rules"] = new ConfigSequence([]);
        return ConfigYamlWriter.Write([manifest]);
    }

    public static string Binding(RbacObject binding, string roleRefKind, string roleRefName, IEnumerable<Subject> subjects)
    {
        var manifest = Header(binding);
        manifest["roleRef"] = ConfigMapping.Of(
            ("apiGroup", ConfigScalar.String(RbacObject.Group)), ("kind", ConfigScalar.String(roleRefKind)), ("name", ConfigScalar.Quoted(roleRefName)));
        manifest["subjects"] = new ConfigSequence(subjects.Select(Subject));
        return ConfigYamlWriter.Write([manifest]);
    }

    private static ConfigMapping Rule(PolicyRule rule)
    {
        var written = new ConfigMapping();
        foreach (var (key, values) in new[]
        {
            ("apiGroups", rule.ApiGroups), ("resources", rule.Resources), ("resourceNames", rule.ResourceNames),
            ("nonResourceURLs", rule.NonResourceUrls), ("verbs", rule.Verbs),
        })
        {
            if (values.Length > 0 || key == "verbs")
            {
                written[key] = new ConfigSequence(values.Select(ConfigScalar.Quoted));
            }
        }

        return written;
    }

    private static ConfigMapping Subject(Subject subject)
    {
        var written = ConfigMapping.Of(("kind", ConfigScalar.String(subject.Kind)), ("name", ConfigScalar.Quoted(subject.Name)));
        if (subject.Namespace.Length > 0)
        {
            written["namespace"] = ConfigScalar.Quoted(subject.Namespace);
        }

        if (subject.ApiGroup.Length > 0)
        {
            written["apiGroup"] = ConfigScalar.String(subject.ApiGroup);
        }

        return written;
    }

    private static ConfigMapping Header(RbacObject value)
    {
        var metadata = ConfigMapping.Of(("name", ConfigScalar.Quoted(value.Name)));
        if (value.Namespace.Length > 0)
        {
            metadata["namespace"] = ConfigScalar.Quoted(value.Namespace);
        }

        return ConfigMapping.Of(("apiVersion", ConfigScalar.String(value.ApiVersion)), ("kind", ConfigScalar.String(value.Kind)), ("metadata", metadata));
    }
}
