using Talguard.Findings;

namespace Talguard.Hardening.PodSecurity.Rules;

/// <summary>Scan rules that report the workload findings <see cref="PodSecurityService"/> makes for their ID.</summary>
public abstract class WorkloadViolationRule : Rule
{
    public override void Check(ScanContext context)
    {
        foreach (var finding in PodSecurityService.Evaluate(context.Model, new PssOptions()).Findings.Where(f => f.Rule == Descriptor))
        {
            context.Add(finding);
        }
    }
}
