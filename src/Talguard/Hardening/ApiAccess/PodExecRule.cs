using Talguard.Findings;

namespace Talguard.Hardening.ApiAccess;

/// <summary>TG-ACC-008: shells and tunnels into pods and nodes.</summary>
public sealed class PodExecRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-ACC-008", Severity.Medium, Section.ApiAccess,
        "Role grants exec, attach, port-forward or node proxy",
        "create on pods/exec, pods/attach or pods/portforward runs commands in or tunnels into containers, reading their mounted secrets; nodes/proxy reaches the kubelet API directly, bypassing admission and audit of the individual actions.",
        "Remove these subresources from standing roles; grant them just-in-time to named operators.",
        inputs: RuleInputs.KubernetesManifest,
        controls: RuleControls.Of("5.1.10", "7.2.2", "CC6.3"));

    private static readonly string[] Subresources = ["pods/exec", "pods/attach", "pods/portforward", "nodes/proxy"];

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var role in RbacObject.All(context.Model).Where(o => o.IsRole))
        {
            var rules = role.Rules.ToList();
            foreach (var rule in rules)
            {
                var granted = Subresources.Where(s => rule.Grants(string.Empty, s, "create")).ToArray();
                if (granted.Length == 0)
                {
                    continue;
                }

                var removable = granted.All(s => rule.Resources.Contains(s, StringComparer.Ordinal));
                var patch = removable
                    ? RbacManifest.Role(role, rules.Select(r => r == rule ? r.With(resources: [.. r.Resources.Except(Subresources, StringComparer.Ordinal)]) : r).Where(r => r.Resources.Length > 0 || r.NonResourceUrls.Length > 0))
                    : null;
                role.Report(context, Definition, rule.Node, $"{role} grants create on {string.Join(", ", granted)}", patch);
            }
        }
    }
}
