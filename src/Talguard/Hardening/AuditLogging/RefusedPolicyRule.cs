using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.AuditLogging;

/// <summary>TG-AUD-008: a policy the API server refuses to load, so it does not start.</summary>
public sealed class RefusedPolicyRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-AUD-008", Severity.High, Section.AuditLogging,
        "API server refuses the audit policy",
        "kube-apiserver validates the policy file at start-up and exits on any error: no rules, an unknown level " +
        "(levels are case-sensitive), an unknown stage, nonResourceURLs mixed with resources or namespaces, a '*' " +
        "inside a URL, a group with a version, resourceNames without resources. The control plane does not come up.",
        "Fix the field named in the finding; the patch shows a policy that loads.",
        inputs: RuleInputs.ControlPlaneConfig | RuleInputs.TalosPatch | RuleInputs.KubernetesManifest,
        controls: RuleControls.Of("3.2.1", "10.2.1 10.7.2", "CC7.2"),
        versions: new TalosVersionRange(TalosFeatureReleases.AuditPolicy));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var target in EffectiveAuditPolicy.KnownTargets(context))
        {
            foreach (var problem in target.FormProblems.Concat(target.DecodeProblems))
            {
                target.Report(context, Definition, problem);
            }

            // A value that did not decode already has its finding; validation would only repeat it.
            var undecoded = target.DecodeProblems.Select(p => p.Path).ToList();
            foreach (var problem in AuditPolicyValidator.Validate(target.Policy))
            {
                if (!undecoded.Any(p => IsWithin(problem.Path, p)))
                {
                    target.Report(context, Definition, problem);
                }
            }
        }
    }

    private static bool IsWithin(string path, string ancestor) =>
        ancestor.Length == 0 || path == ancestor ||
        (path.StartsWith(ancestor, StringComparison.Ordinal) && path[ancestor.Length] is '.' or '[');
}
