using Talguard.Findings;

namespace Talguard.Hardening.ApiAccess;

/// <summary>TG-ACC-005: a role rule allowing every verb on every resource.</summary>
public sealed class WildcardRoleRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-ACC-005", Severity.High, Section.ApiAccess,
        "Role grants all verbs on all resources",
        "verbs: [\"*\"] on resources: [\"*\"] is cluster-admin (within its API groups and scope) under another name, including future resources and the escalate, bind and impersonate verbs.",
        "List the resources and verbs the subject needs; for read access prefer the built-in view role.",
        inputs: RuleInputs.KubernetesManifest,
        controls: RuleControls.Of("5.1.3", "7.2.2", "CC6.3"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var role in RbacObject.All(context.Model).Where(o => o.IsRole))
        {
            foreach (var rule in role.Rules)
            {
                if (rule.Verbs.Contains(PolicyRule.All, StringComparer.Ordinal) && rule.Resources.Contains(PolicyRule.All, StringComparer.Ordinal))
                {
                    var groups = rule.AllowsGroup("*") ? "every API group" : "API groups " + string.Join(", ", rule.ApiGroups.Select(g => g.Length == 0 ? "core" : g));
                    role.Report(context, Definition, rule.Node, $"{role} grants every verb on every resource of {groups}", null);
                }
            }
        }
    }
}
