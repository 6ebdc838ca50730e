namespace Talguard.Hardening.AuditLogging.Detection;

/// <summary>
/// A rule as loaded, after every append and override: where it was defined, and whether it is evaluated
/// (<see cref="Enabled"/> and <see cref="Source"/> <c>k8s_audit</c>).
/// </summary>
public sealed record DetectionRule(
    string Name,
    string Description,
    DetectionPriority Priority,
    IReadOnlyList<string> Tags,
    string Source,
    bool Enabled,
    string File,
    int Line)
{
    public const string AuditSource = "k8s_audit";

    public bool IsEvaluated => Enabled && Source == AuditSource;
}
