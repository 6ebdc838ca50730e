using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.AuditLogging;

/// <summary>TG-AUD-002: no rule matches every request, so whatever no rule matches is not audited at all.</summary>
public sealed class NoCatchAllRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-AUD-002", Severity.Medium, Section.AuditLogging,
        "Audit policy has no catch-all rule",
        "A request that no rule matches gets level None: no audit event at all. Without a final rule that " +
        "matches everything, new resources, groups, users and non-resource URLs go unrecorded.",
        "End the rules with `- level: Metadata` (no other fields) so every request is at least recorded (see patch).",
        inputs: RuleInputs.ControlPlaneConfig | RuleInputs.KubernetesManifest,
        controls: RuleControls.Of("3.2.1 3.2.2", "10.2.1 10.2.1.2", "CC7.2"),
        versions: new TalosVersionRange(TalosFeatureReleases.AuditPolicy));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var target in EffectiveAuditPolicy.DecodableTargets(context))
        {
            // With no rules at all the API server refuses the policy (TG-AUD-008).
            if (target.Policy.Rules.Count == 0 || target.Policy.Rules.Any(r => r.MatchesEveryRequest))
            {
                continue;
            }

            var (node, path) = target.Rules;
            target.Report(context, Definition, node, path,
                "no rule matches every request: requests no rule matches are not logged (add a final `- level: Metadata`)");
        }
    }
}
