using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.AuditLogging;

/// <summary>TG-AUD-006: a resource under an API group that does not serve it, or <c>group: "*"</c>.</summary>
public sealed class WrongApiGroupRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-AUD-006", Severity.Low, Section.AuditLogging,
        "Audit rule names a resource under the wrong API group",
        "A resource entry matches only requests in exactly its group (\"\" or no group is core only, and there is no " +
        "group wildcard). `deployments` under group \"\" never matches a Deployment, so the rule silently does nothing.",
        "Use the resource's own group (deployments: apps, ingresses: networking.k8s.io, ...), one entry per group.",
        inputs: RuleInputs.ControlPlaneConfig | RuleInputs.TalosPatch | RuleInputs.KubernetesManifest,
        controls: RuleControls.Of("3.2.2", "10.2.1", "CC7.2"),
        versions: new TalosVersionRange(TalosFeatureReleases.AuditPolicy));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var target in EffectiveAuditPolicy.DecodableTargets(context))
        {
            foreach (var rule in target.Policy.Rules)
            {
                foreach (var entry in rule.Resources)
                {
                    var path = Model.YamlPath.Item(Model.YamlPath.Child(rule.Path, "resources"), entry.Index);
                    if (entry.Group == "*")
                    {
                        target.Report(context, Definition, entry.Node, path,
                            "group \"*\" is not a wildcard: it matches only a group literally named \"*\", so this entry never matches");
                        continue;
                    }

                    var misplaced = entry.Resources
                        .Select(r => (Resource: r, Groups: KnownApiGroups.RightGroupsIfMisplaced(entry.Group, r)))
                        .Where(m => m.Groups is not null)
                        .Select(m => $"{m.Resource} (served by {string.Join(" or ", m.Groups!.Select(Describe))})")
                        .ToList();
                    if (misplaced.Count > 0)
                    {
                        target.Report(context, Definition, entry.Node, path,
                            $"{Describe(entry.Group)} does not serve {string.Join(", ", misplaced)}: this entry never matches those requests");
                    }
                }
            }
        }
    }

    private static string Describe(string group) => group.Length == 0 ? "the core group \"\"" : $"group {group}";
}
