using Talguard.Findings;

namespace Talguard.Hardening.PodSecurity.Rules;

/// <summary>TG-PSS-006: a pod or workload template violates the enforce level of its namespace.</summary>
public sealed class EnforceViolationRule : WorkloadViolationRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-PSS-006", Severity.High, Section.PodSecurity,
        "Workload violates its namespace's enforced Pod Security level",
        "The API server rejects pods that violate the namespace's enforce level; a workload whose template violates it never gets its pods created.",
        "Apply the securityContext patch of the finding (talguard pss --fix writes patched copies), or move the workload to a namespace whose level it meets.");

    public override RuleDescriptor Descriptor => Definition;
}
