using Talguard.Findings;

namespace Talguard.Hardening.PodSecurity.Rules;

/// <summary>
/// Scan rules that report the workload findings <see cref="PodSecurityService"/> makes for their ID. The
/// scan has a target Kubernetes version, so <c>latest</c> means what that API server's PodSecurity knows.
/// </summary>
public abstract class WorkloadViolationRule : Rule
{
    public override void Check(ScanContext context)
    {
        var target = context.Model.KubernetesVersion;
        var options = new PssOptions { MaxMinor = target.Major == 1 ? target.Minor : null };
        foreach (var finding in PodSecurityService.Evaluate(context.Model, options).Findings.Where(f => f.Rule == Descriptor))
        {
            context.Add(finding);
        }
    }
}
