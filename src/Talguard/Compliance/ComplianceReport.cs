using Talguard.Findings;

namespace Talguard.Compliance;

/// <summary>A control's verdict in a compliance report (docs/compliance.md defines each).</summary>
public enum ControlStatus
{
    /// <summary>Automated evidence shows the control is met: its rules ran and found nothing, or Talos meets it by default.</summary>
    Pass,

    /// <summary>A mapped rule found something, or the config overrides a Talos default so that the control is not met.</summary>
    Fail,

    /// <summary>The control does not apply to a Talos cluster (<see cref="ControlResult.Reason"/> says why).</summary>
    NotApplicable,

    /// <summary>No automated evidence: a person must attest it, or the inputs it needs were not given (the reason says which).</summary>
    Manual,
}

public static class ControlStatusNames
{
    /// <summary>The status as reports spell it: <c>pass</c>, <c>fail</c>, <c>not-applicable</c>, <c>manual</c>.</summary>
    public static string ToName(this ControlStatus status) => status switch
    {
        ControlStatus.Pass => "pass",
        ControlStatus.Fail => "fail",
        ControlStatus.NotApplicable => "not-applicable",
        _ => "manual",
    };

    public static bool TryParse(string name, out ControlStatus status)
    {
        foreach (var candidate in Enum.GetValues<ControlStatus>())
        {
            if (candidate.ToName() == name)
            {
                status = candidate;
                return true;
            }
        }

        status = ControlStatus.Manual;
        return false;
    }
}

/// <summary>A compliance framework Talguard reports on.</summary>
/// <param name="Id">The key used on the command line, in rule tags and in JSON (<c>cis-1.10</c>, <c>pci-dss-4.0</c>, <c>soc2</c>).</param>
/// <param name="Title">Its name (<c>CIS Kubernetes Benchmark</c>).</param>
/// <param name="Version">Its version (<c>1.10.0</c>, <c>4.0.1</c>, <c>2017 (2022 points of focus)</c>).</param>
public sealed record ComplianceFramework(string Id, string Title, string Version);

/// <summary>
/// One piece of evidence for a control: a sentence, and where it comes from when that is a place in an input
/// (a config value at a YAML path) rather than a documented Talos default or a rule run.
/// </summary>
/// <param name="Text">What the evidence shows, complete on its own (<c>controlplane.yaml:14 cluster.apiServer.extraArgs.profiling = "false"</c>).</param>
/// <param name="File">The input file it was read from, as reports name files; null for a Talos default or an attestation.</param>
/// <param name="Path">The YAML path in that file (<c>cluster.apiServer.extraArgs.profiling</c>); null when the evidence is a whole file.</param>
/// <param name="Line">The line of the value, 0 when it is not set in the file (the evidence is its absence).</param>
public sealed record ControlEvidence(string Text, string? File = null, string? Path = null, int Line = 0);

/// <summary>A person's statement that a control is met (or not), read from an attestations file.</summary>
/// <param name="Control">The control ID it covers.</param>
/// <param name="Status">The status attested: pass, fail or not-applicable.</param>
/// <param name="Evidence">What the attestation rests on (a document, a ticket, a test record).</param>
/// <param name="Owner">Who attests it.</param>
/// <param name="Date">When it was attested.</param>
/// <param name="Expiry">When it lapses; null when it does not.</param>
/// <param name="File">The attestations file, as reports name files.</param>
/// <param name="Line">The line of the entry in that file.</param>
public sealed record Attestation(string Control, ControlStatus Status, string Evidence, string Owner, DateOnly Date, DateOnly? Expiry, string File, int Line)
{
    /// <summary>True when the attestation has lapsed on <paramref name="today"/> (the expiry day itself still counts).</summary>
    public bool ExpiredOn(DateOnly today) => Expiry is { } expiry && today > expiry;
}

/// <summary>The verdict on one control.</summary>
/// <param name="Id">The control ID (<c>1.2.1</c>, <c>10.2.1</c>, <c>CC6.1</c>).</param>
/// <param name="Title">The control's title.</param>
/// <param name="Section">The section or parent it belongs to (<c>1.2</c>, <c>10.2</c>, <c>CC6</c>).</param>
/// <param name="Status">The verdict.</param>
/// <param name="RuleIds">The rules mapped to the control (from the rule descriptors), sorted.</param>
/// <param name="Evidence">What supports the verdict, in report order.</param>
/// <param name="Findings">The active findings of the mapped rules (suppressed ones are not evidence of failure).</param>
/// <param name="Reason">Why the control is not-applicable or manual, or why it failed without a finding; null otherwise.</param>
/// <param name="Attestation">The attestation that decided the status, or the expired one that no longer does; null when none was given.</param>
public sealed record ControlResult(
    string Id,
    string Title,
    string Section,
    ControlStatus Status,
    IReadOnlyList<string> RuleIds,
    IReadOnlyList<ControlEvidence> Evidence,
    IReadOnlyList<Finding> Findings,
    string? Reason,
    Attestation? Attestation)
{
    /// <summary>The benchmark's own label: automated checks can be judged from configuration, manual ones need a person.</summary>
    public bool Automated { get; init; }

    /// <summary>The title of <see cref="Section"/> (<c>API Server</c>); empty when the framework has none.</summary>
    public string SectionTitle { get; init; } = string.Empty;

    /// <summary>The highest severity among <see cref="Findings"/>; null when there is none.</summary>
    public Severity? HighestSeverity => Findings.Count == 0 ? null : Findings.Max(f => f.Severity);
}

/// <summary>
/// A compliance run: every control of the framework in catalog order, with the scan the verdicts came from.
/// </summary>
/// <param name="Framework">The framework reported on.</param>
/// <param name="Controls">Every control of the framework's catalog, in catalog order.</param>
/// <param name="Scan">The findings of the configs (and, with an evidence bundle, of the bundle) the verdicts rest on.</param>
public sealed record ComplianceReport(ComplianceFramework Framework, IReadOnlyList<ControlResult> Controls, ScanResult Scan)
{
    /// <summary>Things the reader should know that are not verdicts (an expired attestation, inputs not given).</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    public int Count(ControlStatus status) => Controls.Count(c => c.Status == status);

    /// <summary>
    /// pass / (pass + fail): the share of the controls with a verdict that are met. Manual and not-applicable controls
    /// are left out; with no pass and no fail the score is 0 (nothing is shown to be met).
    /// </summary>
    public double Score
    {
        get
        {
            var pass = Count(ControlStatus.Pass);
            var judged = pass + Count(ControlStatus.Fail);
            return judged == 0 ? 0 : Math.Round((double)pass / judged, 4, MidpointRounding.AwayFromZero);
        }
    }
}
