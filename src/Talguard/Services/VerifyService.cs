using Talguard.Evidence;
using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Services;

/// <summary>What <c>talguard verify BUNDLE</c> asks for.</summary>
/// <param name="Bundle">The evidence bundle directory (docs/verify.md).</param>
public sealed record VerifyRequest(string Bundle)
{
    /// <summary>The system extensions every node should run (<c>--expect-extensions</c>); null: TG-LIVE-009 does not judge.</summary>
    public IReadOnlyList<string>? ExpectedExtensions { get; init; }

    /// <summary>The configs in Git to compare each node's running machine config with (<c>--expect DIR</c>); null: no drift judged.</summary>
    public string? Expect { get; init; }

    public Severity? FailOn { get; init; } = Severity.High;
}

/// <summary>
/// The verdict on a bundle: the findings (in <see cref="Report"/>, sorted as findings-json.md says), the nodes the
/// manifest lists, and the evidence that was not collected, which is never counted as healthy.
/// </summary>
public sealed record VerifyResult(ScanResult Report, IReadOnlyList<BundleNode> Nodes, IReadOnlyList<NotCollectedEvidence> NotCollected, ServiceOutcome Outcome)
{
    public IReadOnlyList<Finding> Findings => Report.Findings;
}

/// <summary>
/// <c>talguard verify</c>: loads and checks an evidence bundle whole (bad evidence is an <see cref="InputException"/>
/// before anything is judged), then runs every judge over it.
/// </summary>
public static class VerifyService
{
    /// <summary>
    /// Every judge of a bundle, in order. Each adds findings (located in the bundle files), evidence it needed and
    /// did not find, and notices to the <see cref="EvidenceRun"/>. A new kind of judgement over the same bundle, such
    /// as the existing K8S and AUD rules on the static pods, kubelet spec and API server config, or every scan rule on
    /// an admin bundle's machine config, is one more entry here.
    /// </summary>
    private static readonly IReadOnlyList<IEvidenceJudge> Judges = [new LiveRuleJudge(), new Evidence.Adapters.LiveConfigJudge()];

    public static VerifyResult Verify(VerifyRequest request)
    {
        var bundle = EvidenceBundle.Load(request.Bundle);
        var run = new EvidenceRun(bundle, new VerifyOptions(request.ExpectedExtensions, request.Expect));
        foreach (var judge in Judges)
        {
            judge.Judge(run);
        }

        var notCollected = run.NotCollected;
        var notices = run.Notices.Concat(notCollected.Select(NoticeOf)).ToList();
        var report = new ScanResult(run.Findings, TargetOf(bundle), TalosConfigFile.Defaults.Kubernetes, notices, Files(bundle));
        return new VerifyResult(report, bundle.Nodes, notCollected, ServiceOutcomes.Of(report, request.FailOn));
    }

    /// <summary>How formats without a <c>notCollected</c> member (table, SARIF, JUnit, ...) show missing evidence: as a notice.</summary>
    private static string NoticeOf(NotCollectedEvidence missing) =>
        $"not collected: {missing.Resource} {(missing.Node is null ? "(every node)" : "on " + missing.Node)}: {missing.Reason}";

    /// <summary>The newest release among the nodes (the report's target), else the default.</summary>
    private static TalosVersion TargetOf(EvidenceBundle bundle) =>
        bundle.Nodes.Select(n => n.Release).OfType<TalosVersion>().DefaultIfEmpty(TalosConfigFile.Defaults.Talos).Max();

    /// <summary>Every bundle file read, for formats that list passing files too (JUnit).</summary>
    private static List<string> Files(EvidenceBundle bundle)
    {
        List<string> files = [bundle.FileName(EvidenceBundle.ManifestFile), .. bundle.TalosFiles.Select(f => f.File), .. bundle.KubernetesLists.Select(k => k.File)];
        files.Sort(StringComparer.Ordinal);
        return files;
    }
}
