using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.AuditLogging;

/// <summary>TG-AUD-007: a logging rule that keeps the RequestReceived stage (one extra event per request).</summary>
public sealed class RequestReceivedLoggedRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-AUD-007", Severity.Low, Section.AuditLogging,
        "Audit rule logs the RequestReceived stage",
        "Every request that is logged also produces a RequestReceived event before the ResponseComplete one, with " +
        "nothing the later event lacks: the log volume doubles and detections (Falco) only read ResponseComplete.",
        "Add `omitStages: [RequestReceived]` at the policy level (it applies to every rule).",
        inputs: RuleInputs.ControlPlaneConfig | RuleInputs.TalosPatch | RuleInputs.KubernetesManifest,
        controls: RuleControls.Of("3.2.2", "10.2.2", "CC7.2"),
        versions: new TalosVersionRange(TalosFeatureReleases.AuditPolicy));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var target in EffectiveAuditPolicy.DecodableTargets(context))
        {
            var evaluator = new AuditPolicyEvaluator(target.Policy);
            foreach (var rule in target.Policy.Rules)
            {
                if (AuditLevel.Rank(rule.Level) > 0 && !evaluator.StagesOmittedBy(rule.Index).Contains(AuditStage.RequestReceived, StringComparer.Ordinal))
                {
                    target.Report(context, Definition, rule,
                        $"level {rule.Level} without omitting RequestReceived (policy and rule omitStages combined): two events per request");
                }
            }
        }
    }
}
