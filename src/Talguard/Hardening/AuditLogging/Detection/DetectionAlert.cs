using System.Globalization;

namespace Talguard.Hardening.AuditLogging.Detection;

/// <summary>
/// One rule that matched one audit event, with what Falco reports for it: the event time (its
/// <c>stageTimestamp</c>), rule, priority, the rule's output with fields substituted (<c>&lt;NA&gt;</c> for
/// missing ones), tags, source (always <c>k8s_audit</c>), the event's <c>auditID</c> (empty when it has none),
/// and the value of every field the output names, in the order it names them.
/// </summary>
public sealed record DetectionAlert(
    DateTimeOffset Time,
    string Rule,
    DetectionPriority Priority,
    string Output,
    IReadOnlyList<string> Tags,
    string Source,
    string AuditId,
    IReadOnlyList<KeyValuePair<string, string?>> OutputFields)
{
    /// <summary>Falco's text line with an ISO 8601 UTC time: <c>2018-10-25T13:58:49.730588000Z: Warning output</c>.</summary>
    public string ToFalcoLine() =>
        $"{Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture)}00Z: {Priority.FalcoName()} {Output}";
}
