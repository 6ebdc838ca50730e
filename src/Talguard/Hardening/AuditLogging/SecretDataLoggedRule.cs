using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.AuditLogging;

/// <summary>TG-AUD-001: some request on core-group secrets is logged with its body.</summary>
public sealed class SecretDataLoggedRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-AUD-001", Severity.High, Section.AuditLogging,
        "Secret data is written to the audit log",
        "At RequestResponse every read or write of a Secret puts its base64 data into the audit log; at Request, " +
        "create, update and patch do. Whoever can read the audit log (or the SIEM it ships to) then reads every Secret.",
        "Put a rule for group \"\" resource \"secrets\" at level Metadata before any rule that logs bodies (see patch).",
        inputs: RuleInputs.ControlPlaneConfig | RuleInputs.TalosPatch | RuleInputs.KubernetesManifest,
        controls: RuleControls.Of("3.2.2", "8.3.2 10.3.1", "CC6.1 C1.1"),
        versions: new TalosVersionRange(TalosFeatureReleases.AuditPolicy));

    private static readonly string[] WriteVerbs = ["create", "update", "patch"];

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var target in EffectiveAuditPolicy.DecodableTargets(context))
        {
            var evaluator = new AuditPolicyEvaluator(target.Policy);
            var examples = new SortedDictionary<int, (AuditRequest Request, string Level)>();
            foreach (var request in RepresentativeRequests.ForSecrets(target.Policy))
            {
                var decision = evaluator.Evaluate(request);
                if (LogsSecretData(decision.Level, request.Verb) && !examples.ContainsKey(decision.RuleIndex))
                {
                    examples.Add(decision.RuleIndex, (request, decision.Level));
                }
            }

            foreach (var (index, example) in examples)
            {
                target.Report(context, Definition, target.Policy.Rules[index],
                    $"logs Secret data at level {example.Level}, e.g. for {example.Request}");
            }
        }
    }

    private static bool LogsSecretData(string level, string verb) =>
        level == AuditLevel.RequestResponse || (level == AuditLevel.Request && WriteVerbs.Contains(verb, StringComparer.Ordinal));
}
