using Talguard.Findings;

namespace Talguard.Hardening.PodSecurity.Rules;

/// <summary>TG-PSS-007: a pod or workload template violates the audit or warn level, but not enforce.</summary>
public sealed class AuditWarnViolationRule : WorkloadViolationRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-PSS-007", Severity.Low, Section.PodSecurity,
        "Workload violates its namespace's audit or warn Pod Security level",
        "Audit and warn levels announce the level a namespace is moving to; these pods would be rejected once it is enforced.",
        "Apply the securityContext patch of the finding (talguard pss --fix writes patched copies) before the namespace enforces the stricter level.",
        inputs: RuleInputs.KubernetesManifest,
        controls: RuleControls.Of("5.7.2 5.7.3", "2.2.6", "CC6.8"));

    public override RuleDescriptor Descriptor => Definition;
}
