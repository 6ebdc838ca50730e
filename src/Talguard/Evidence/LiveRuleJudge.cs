using Talguard.Hardening.ControlPlane;
using Talguard.Hardening.DiskEncryption;
using Talguard.Hardening.Network;
using Talguard.Hardening.SecureBoot;

namespace Talguard.Evidence;

/// <summary>One kind of judgement over a bundle: it adds findings, evidence it lacked and notices to the run.</summary>
internal interface IEvidenceJudge
{
    void Judge(EvidenceRun run);
}

/// <summary>The TG-LIVE rules of every guide section, each run on every node of the bundle.</summary>
internal sealed class LiveRuleJudge : IEvidenceJudge
{
    /// <summary>Every evidence rule, from the sections that list them.</summary>
    public static IReadOnlyList<EvidenceRule> Rules { get; } =
    [
        .. SecureBootRules.Instance.EvidenceRules,
        .. DiskEncryptionRules.Instance.EvidenceRules,
        .. NetworkRules.Instance.EvidenceRules,
        .. ControlPlaneRules.Instance.EvidenceRules,
    ];

    public void Judge(EvidenceRun run)
    {
        foreach (var node in run.Bundle.Nodes)
        {
            var evidence = run.For(node);
            foreach (var rule in Rules)
            {
                rule.Check(evidence);
            }
        }
    }
}
