using Talguard.Evidence.Drift;
using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Evidence.Adapters;

/// <summary>What the scan rules and <c>--expect</c> found on a bundle, for the verify report.</summary>
/// <param name="Findings">K8S and AUD findings on the components, every scan rule's findings on admin machine configs, TG-DRIFT-001.</param>
/// <param name="NotCollected">Machine configs withheld at collection; with <c>--expect</c>, each node whose machine config is not in the bundle.</param>
/// <param name="Strengthened">Drift that a rule judges stronger on the node than in Git (JSON details, not findings).</param>
/// <param name="Notices">What the user should know: a node no Git config matched.</param>
internal sealed record LiveConfigResult(
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<NotCollectedEvidence> NotCollected,
    IReadOnlyList<DriftStrengthened> Strengthened,
    IReadOnlyList<string> Notices);

/// <summary>
/// The part of <c>talguard verify</c> that runs the existing scan rules on evidence (issue #14 item 3): the K8S and AUD
/// rules on each node's static pods, kubelet spec and audit policy; with an admin bundle every scan rule on each node's
/// machine config; with <c>--expect DIR</c> the drift between that config and Git.
/// </summary>
internal static class LiveConfigVerification
{
    /// <param name="bundlePath">The bundle directory on disk.</param>
    /// <param name="expectDirectory">The Git configs (<c>--expect</c>), or null.</param>
    /// <exception cref="InputException">The <c>--expect</c> directory or a machine config in the bundle is not valid input.</exception>
    public static LiveConfigResult Judge(EvidenceBundle bundle, string bundlePath, ScanOptions options, string? expectDirectory)
    {
        var expected = expectDirectory is null ? null : ConfigDrift.LoadExpected(expectDirectory);
        var findings = new List<Finding>();
        var notCollected = new List<NotCollectedEvidence>();
        var strengthened = new List<DriftStrengthened>();
        var notices = new List<string>();
        foreach (var bundleNode in bundle.Nodes)
        {
            var node = LiveNodeEvidenceReader.Read(bundle, bundleNode, bundlePath, out var withheld);
            if (withheld is not null)
            {
                notCollected.Add(withheld);
            }

            findings.AddRange(LiveConfigRules.JudgeComponents(node, options));
            if (node.MachineConfig is not { } config)
            {
                if (expected is not null && withheld is null)
                {
                    notCollected.Add(new NotCollectedEvidence(node.Address, TalosResourceKinds.MachineConfig,
                        "--expect compares the node's running machine config, which is not in the bundle: collect with --admin (os:admin) to judge drift"));
                }

                continue;
            }

            var live = LiveConfigRules.LoadMachineConfig(config);
            var liveFindings = LiveConfigRules.JudgeMachineConfig(live, node, options);
            findings.AddRange(liveFindings.Select(f => LiveConfigRules.InBundle(f, config, node.Address)));
            if (expected is null)
            {
                continue;
            }

            if (ConfigDrift.Match(expected, node.Address, node.Hostname, node.Role) is not { } git)
            {
                notices.Add($"--expect: no config in {expectDirectory} matches node {node.Address} (by an address or file name, its host name, "
                    + "or as the only config of its role), so its drift was not judged");
                continue;
            }

            var drift = ConfigDrift.Compare(git, live, liveFindings, config, node, options);
            findings.AddRange(drift.Weakened);
            strengthened.AddRange(drift.Strengthened);
        }

        findings.Sort(Finding.Compare);
        notCollected.Sort(NotCollectedEvidence.Compare);
        return new LiveConfigResult(findings, notCollected, strengthened, notices);
    }
}
