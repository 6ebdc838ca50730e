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
    internal static PssReport Evaluation(ScanContext context) => context.Shared(static model => new ScanEvaluation(model)).Report;

    /// <summary>Holds the report under a type of its own, so no other shared value can collide with it.</summary>
    private sealed class ScanEvaluation(ClusterModel model)
    {
        public PssReport Report { get; } = ClusterPodSecurity.Evaluate(model, new PssOptions
        {
            MaxMinor = model.KubernetesVersion.Major == 1 ? model.KubernetesVersion.Minor : null,
        });
    }
}
