using Talguard.Findings;

namespace Talguard.Hardening.ApiAccess;

/// <summary>TG-ACC-007: a ClusterRole that reads Secrets in every namespace.</summary>
public sealed class SecretsReadRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-ACC-007", Severity.Medium, Section.ApiAccess,
        "ClusterRole reads Secrets",
        "get, list or watch on secrets (also through resources: [\"*\"], as in the guide's \"read-only\" ClusterRole) exposes every token, key and password stored in the cluster; Secret data is not read-only information.",
        "Leave secrets out of read roles: bind the built-in view ClusterRole, or aggregate to it, and grant Secret access per namespace with a Role and resourceNames.",
        inputs: RuleInputs.KubernetesManifest,
        controls: RuleControls.Of("5.1.2", "7.2.2", "CC6.1 CC6.3"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var role in RbacObject.All(context.Model).Where(o => o.Kind == "ClusterRole"))
        {
            var rules = role.Rules.ToList();
            var readOnly = rules.All(r => r.NonResourceUrls.Length > 0 || r.Verbs.All(v => PolicyRule.ReadVerbs.Contains(v, StringComparer.Ordinal)));
            foreach (var rule in rules)
            {
                var verbs = PolicyRule.ReadVerbs.Where(v => rule.Grants(string.Empty, "secrets", v)).ToArray();
                if (verbs.Length == 0)
                {
                    continue;
                }

                var explicitSecrets = rule.Resources.Contains("secrets", StringComparer.Ordinal) && !rule.Resources.Contains(PolicyRule.All, StringComparer.Ordinal);
                var patch = explicitSecrets
                    ? RbacManifest.Role(role, rules.Select(r => r == rule ? r.With(resources: [.. r.Resources.Where(x => x != "secrets")]) : r).Where(r => r.Resources.Length > 0 || r.NonResourceUrls.Length > 0))
                    : readOnly ? RbacManifest.AggregatedView(role) : null;
                var via = explicitSecrets ? "secrets" : "resources \"*\"";
                role.Report(context, Definition, rule.Node, $"{role} grants {string.Join(", ", verbs)} on Secrets in every namespace (via {via})", patch);
            }
        }
    }
}
