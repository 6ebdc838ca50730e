using Talguard.Findings;

namespace Talguard.Hardening.PodSecurity.Rules;

/// <summary>TG-PSS-006: a pod or workload template violates the enforce level of its namespace.</summary>
public sealed class EnforceViolationRule : WorkloadViolationRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-PSS-006", Severity.High, Section.PodSecurity,
        "Workload violates its namespace's enforced Pod Security level",
        "The API server rejects pods that violate the namespace's enforce level; a workload whose template violates it never gets its pods created.",
        "Apply the securityContext patch of the finding (talguard pss --fix writes patched copies), or move the workload to a namespace whose level it meets.",
        inputs: RuleInputs.KubernetesManifest,
        controls: RuleControls.Of("5.2.2 5.2.3 5.2.4 5.2.5 5.2.6 5.2.7 5.2.8 5.2.9 5.2.12 5.2.13 5.7.3", "2.2.6", "CC6.8"));

    public override RuleDescriptor Descriptor => Definition;
}
