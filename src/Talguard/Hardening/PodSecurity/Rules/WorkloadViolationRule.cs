using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Hardening.PodSecurity.Rules;

/// <summary>
/// Scan rules that report the workload findings <see cref="ClusterPodSecurity"/> makes for their ID. The
/// scan has a target Kubernetes version, so <c>latest</c> means what that API server's PodSecurity knows.
/// </summary>
public abstract class WorkloadViolationRule : Rule
{
    public override void Check(ScanContext context)
    {
        foreach (var finding in Evaluation(context).Findings.Where(f => f.Rule == Descriptor))
        {
            context.Add(finding);
        }
    }

    /// <summary>The scan's one Pod Security evaluation: the enforce and the audit/warn rule both read it, so workloads are judged once.</summary>
    internal static PssReport Evaluation(ScanContext context)
    {
        var report = context.Shared(model => new ScanEvaluation(model, context.Options.PodSecurityDefaults)).Report;
        if (report.Admission.IsAssumed && report.Notices.Contains(report.Admission.AssumedNotice))
        {
            context.AddNotice(report.Admission.AssumedNotice);
        }

        return report;
    }

    /// <summary>Holds the report under a type of its own, so no other shared value can collide with it.</summary>
    private sealed class ScanEvaluation(ClusterModel model, PodSecurityDefaults assumed)
    {
        public PssReport Report { get; } = ClusterPodSecurity.Evaluate(model, new PssOptions
        {
            MaxMinor = model.KubernetesVersion.Major == 1 ? model.KubernetesVersion.Minor : null,
            AssumedDefaults = assumed,
        });
    }
}
