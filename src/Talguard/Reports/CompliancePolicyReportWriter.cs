using System.Globalization;
using Talguard.Compliance;

namespace Talguard.Reports;

/// <summary>
/// <c>compliance --format policyreport</c>: one wgpolicyk8s.io/v1alpha2 <c>ClusterPolicyReport</c> named
/// <c>talguard-compliance-FRAMEWORK</c> with one result per control (docs/output-formats.md): policy = the framework
/// (<c>cis-1.10</c>), rule = the control ID; pass → <c>pass</c>, fail → <c>fail</c>, manual → <c>warn</c> (a person
/// must decide), not-applicable → <c>skip</c>; a failing control's severity is its highest finding's, high when a config
/// override failed it without one. The score and the framework's name are annotations.
/// </summary>
public sealed class CompliancePolicyReportWriter
{
    /// <summary>Every result's timestamp in seconds since the Unix epoch (the CLI passes --now when given, else SOURCE_DATE_EPOCH or 0).</summary>
    public long TimestampSeconds { get; init; }

    public void Write(ComplianceReport report, Stream output)
    {
        var framework = report.Framework;
        var results = report.Controls.Select(control => Result(framework, control)).ToList();
        results.AddRange(report.Scan.Errors.Select(error => new PolicyReportWriter.PolicyResult(
            "talguard-input", "input error", "error", null, null, error.Message,
            [("file", error.File), .. error.Line > 0 ? [("line", error.Line.ToString(CultureInfo.InvariantCulture))] : Array.Empty<(string, string)>()],
            null, Scored: false)));
        var name = "talguard-compliance-" + framework.Id;
        PolicyReportWriter.WriteReports(output, [new PolicyReportWriter.PolicyReport(name, null, results)
        {
            Annotations =
            [
                ("talguard.dev/framework", $"{framework.Title} {framework.Version}"),
                ("talguard.dev/score", report.Score.ToString("0.0###", CultureInfo.InvariantCulture)),
            ],
        }], TimestampSeconds);
    }

    private static PolicyReportWriter.PolicyResult Result(ComplianceFramework framework, ControlResult control)
    {
        var outcome = control.Status switch
        {
            ControlStatus.Pass => "pass",
            ControlStatus.Fail => "fail",
            ControlStatus.NotApplicable => "skip",
            _ => "warn",
        };
        var properties = new List<(string Name, string Value)> { ("status", control.Status.ToName()) };
        if (control.RuleIds.Count > 0)
        {
            properties.Add(("ruleIds", string.Join(' ', control.RuleIds)));
        }

        if (control.Reason is { } reason)
        {
            properties.Add(("reason", reason));
        }

        if (control.Evidence.Count > 0)
        {
            properties.Add(("evidence", string.Join("\n", control.Evidence.Select(e => e.Text))));
        }

        if (control.Findings.Count > 0)
        {
            properties.Add(("findings", string.Join("\n", control.Findings.Select(f => $"{f.Rule.Id} {f.Location.Place}"))));
        }

        if (control.Attestation is { } attestation)
        {
            properties.Add(("attestedBy", attestation.Owner));
            properties.Add(("attestedOn", attestation.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            if (attestation.Expiry is { } expiry)
            {
                properties.Add(("attestationExpires", expiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            }
        }

        var category = control.SectionTitle.Length > 0 ? $"{control.Section} {control.SectionTitle}" : control.Section;
        var message = control.Reason is { } why && control.Status != ControlStatus.Pass ? $"{control.Title}: {why}" : control.Title;
        return new PolicyReportWriter.PolicyResult(
            framework.Id, control.Id, outcome, control.HighestSeverity ?? (control.Status == ControlStatus.Fail ? Findings.Severity.High : null), category.Length > 0 ? category : null, message, properties, null, Scored: control.Automated);
    }
}
