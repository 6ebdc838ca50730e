namespace Talguard.Evidence.Adapters;

/// <summary>
/// The scan rules on evidence, as a judge of <c>talguard verify</c>: K8S and AUD on the components, every scan rule on
/// admin machine configs, and the drift against <c>--expect DIR</c> (<see cref="LiveConfigVerification"/>).
/// </summary>
internal sealed class LiveConfigJudge : IEvidenceJudge
{
    public void Judge(EvidenceRun run)
    {
        var result = LiveConfigVerification.Judge(run.Bundle, run.Bundle.DisplayPath, new Findings.ScanOptions(), run.Options.ExpectDirectory);
        foreach (var finding in result.Findings)
        {
            run.Report(finding);
        }

        foreach (var missing in result.NotCollected)
        {
            run.AddNotCollected(run.Bundle.Nodes.FirstOrDefault(n => n.Address == missing.Node), missing.Resource, missing.Reason);
        }

        foreach (var notice in result.Notices)
        {
            run.AddNotice(notice);
        }

        // Differences that make the node stronger than Git are no findings; the report still says what they are.
        foreach (var stronger in result.Strengthened)
        {
            run.AddNotice($"drift: node {stronger.Node} is stronger than Git at {stronger.Path} (running {stronger.Live}, Git {stronger.Git}): {stronger.Rule} fires only on the Git config");
        }
    }
}
