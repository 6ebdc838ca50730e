using Talguard.Findings;

namespace Talguard.Hardening.ApiAccess;

/// <summary>TG-ACC-006: verbs that let a subject exceed its own permissions.</summary>
public sealed class PrivilegeEscalationVerbsRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-ACC-006", Severity.High, Section.ApiAccess,
        "Role grants escalate, bind or impersonate",
        "escalate lets a subject write roles with permissions it does not hold, bind lets it bind any role, and impersonate lets it act as any user, group or service account: each bypasses RBAC's escalation prevention.",
        "Drop escalate, bind and impersonate (and replace \"*\" verbs on roles, clusterroles, users, groups and serviceaccounts with the verbs needed).",
        inputs: RuleInputs.KubernetesManifest,
        controls: RuleControls.Of("5.1.8", "7.2.2", "CC6.3"));

    private static readonly (string Group, string Resource, string Verb)[] Targets =
    [
        (RbacObject.Group, "roles", "escalate"), (RbacObject.Group, "roles", "bind"),
        (RbacObject.Group, "clusterroles", "escalate"), (RbacObject.Group, "clusterroles", "bind"),
        (string.Empty, "users", "impersonate"), (string.Empty, "groups", "impersonate"),
        (string.Empty, "serviceaccounts", "impersonate"), ("authentication.k8s.io", "uids", "impersonate"),
    ];

    private static readonly string[] EscalationVerbs = ["escalate", "bind", "impersonate"];

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var role in RbacObject.All(context.Model).Where(o => o.IsRole))
        {
            var rules = role.Rules.ToList();
            foreach (var rule in rules)
            {
                var granted = Targets.Where(t => rule.Grants(t.Group, t.Resource, t.Verb))
                    .GroupBy(t => t.Verb, StringComparer.Ordinal)
                    .Select(g => g.Key + " on " + string.Join(", ", g.Select(t => t.Resource)))
                    .ToArray();
                if (granted.Length == 0)
                {
                    continue;
                }

                var verbs = rule.Verbs.SelectMany(v => v == PolicyRule.All ? PolicyRule.OrdinaryVerbs : [v])
                    .Where(v => !EscalationVerbs.Contains(v, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToArray();
                var corrected = rules.Select(r => r == rule ? r.With(verbs: verbs) : r).Where(r => r.Verbs.Length > 0);
                role.Report(context, Definition, rule.Node, $"{role} grants {string.Join("; ", granted)}", RbacManifest.Role(role, corrected));
            }
        }
    }
}
