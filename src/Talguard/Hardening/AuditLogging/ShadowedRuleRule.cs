using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.AuditLogging;

/// <summary>TG-AUD-003: a rule that can never match, because an earlier rule matches everything it would.</summary>
public sealed class ShadowedRuleRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-AUD-003", Severity.Low, Section.AuditLogging,
        "Audit rule can never match",
        "The first matching rule wins. A rule placed after one that matches every request it would match is dead: " +
        "its level never applies, which usually means the intended logging does not happen.",
        "Move the rule above the broader one, or delete it.",
        inputs: RuleInputs.ControlPlaneConfig | RuleInputs.TalosPatch | RuleInputs.KubernetesManifest,
        controls: RuleControls.Of("3.2.2", "10.2.1", "CC7.2"),
        versions: new TalosVersionRange(TalosFeatureReleases.AuditPolicy));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var target in EffectiveAuditPolicy.DecodableTargets(context))
        {
            var rules = target.Policy.Rules;
            for (var later = 1; later < rules.Count; later++)
            {
                var earlier = rules.Take(later).FirstOrDefault(r => AuditRuleCoverage.Covers(r, rules[later]));
                if (earlier is not null)
                {
                    target.Report(context, Definition, rules[later],
                        $"{earlier.Path} (level {earlier.Level}) comes first and matches every request this rule would");
                }
            }
        }
    }
}
