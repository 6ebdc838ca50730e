using System.Text;
using Talguard.Model.Talos;

namespace Talguard.Hardening.ApiAccess;

/// <summary>Writes corrected RBAC objects as remediation snippets (flow lists, double-quoted strings).</summary>
internal static class RbacManifest
{
    public static string Role(RbacObject role, IEnumerable<PolicyRule> rules)
    {
        var builder = Header(role);
        var written = rules.ToList();
        builder.Append("rules:").Append(written.Count == 0 ? " []\n" : "\n");
        foreach (var rule in written)
        {
            var first = true;
            foreach (var (key, values) in new[]
            {
                ("apiGroups", rule.ApiGroups), ("resources", rule.Resources), ("resourceNames", rule.ResourceNames),
                ("nonResourceURLs", rule.NonResourceUrls), ("verbs", rule.Verbs),
            })
            {
                if (values.Length == 0 && key != "verbs")
                {
                    continue;
                }

                builder.Append(first ? "  - " : "    ").Append(key).Append(": ").Append(FlowList(values)).Append('\n');
                first = false;
            }
        }

        return builder.ToString();
    }

    /// <summary>A ClusterRole whose rules are those of the built-in <c>view</c> role (which leaves out Secrets).</summary>
    public static string AggregatedView(RbacObject role) =>
        Header(role)
            .Append("aggregationRule:\n  clusterRoleSelectors:\n    - matchLabels:\n        rbac.authorization.k8s.io/aggregate-to-view: \"true\"\n")
            .Append("rules: []\n")
            .ToString();

    public static string Binding(RbacObject binding, string roleRefKind, string roleRefName, IEnumerable<Subject> subjects)
    {
        var builder = Header(binding);
        builder.Append("roleRef:\n  apiGroup: ").Append(RbacObject.Group).Append("\n  kind: ").Append(roleRefKind)
            .Append("\n  name: ").Append(TalosPatch.Quote(roleRefName)).Append("\nsubjects:\n");
        foreach (var subject in subjects)
        {
            builder.Append("  - kind: ").Append(subject.Kind).Append('\n');
            builder.Append("    name: ").Append(TalosPatch.Quote(subject.Name)).Append('\n');
            if (subject.Namespace.Length > 0)
            {
                builder.Append("    namespace: ").Append(TalosPatch.Quote(subject.Namespace)).Append('\n');
            }

            if (subject.ApiGroup.Length > 0)
            {
                builder.Append("    apiGroup: ").Append(subject.ApiGroup).Append('\n');
            }
        }

        return builder.ToString();
    }

    private static StringBuilder Header(RbacObject value)
    {
        var builder = new StringBuilder();
        builder.Append("apiVersion: ").Append(value.ApiVersion).Append('\n');
        builder.Append("kind: ").Append(value.Kind).Append('\n');
        builder.Append("metadata:\n  name: ").Append(TalosPatch.Quote(value.Name)).Append('\n');
        if (value.Namespace.Length > 0)
        {
            builder.Append("  namespace: ").Append(TalosPatch.Quote(value.Namespace)).Append('\n');
        }

        return builder;
    }

    private static string FlowList(string[] values) => "[" + string.Join(", ", values.Select(TalosPatch.Quote)) + "]";
}
