namespace Talguard.Hardening.AuditLogging.Detection;

/// <summary>Falco's rule priorities, most severe first (the numeric order Falco uses).</summary>
public enum DetectionPriority
{
    Emergency,
    Alert,
    Critical,
    Error,
    Warning,
    Notice,
    Informational,
    Debug,
}

public static class DetectionPriorities
{
    /// <summary>The name Falco prints: <c>Warning</c>, <c>Informational</c>, ...</summary>
    public static string FalcoName(this DetectionPriority priority) => priority switch
    {
        DetectionPriority.Emergency => "Emergency",
        DetectionPriority.Alert => "Alert",
        DetectionPriority.Critical => "Critical",
        DetectionPriority.Error => "Error",
        DetectionPriority.Warning => "Warning",
        DetectionPriority.Notice => "Notice",
        DetectionPriority.Informational => "Informational",
        _ => "Debug",
    };

    /// <summary>A rules file's <c>priority</c>, case-insensitive; <c>info</c> is accepted for informational.</summary>
    public static bool TryParse(string text, out DetectionPriority priority)
    {
        DetectionPriority? parsed = text.ToUpperInvariant() switch
        {
            "EMERGENCY" => DetectionPriority.Emergency,
            "ALERT" => DetectionPriority.Alert,
            "CRITICAL" => DetectionPriority.Critical,
            "ERROR" => DetectionPriority.Error,
            "WARNING" => DetectionPriority.Warning,
            "NOTICE" => DetectionPriority.Notice,
            "INFORMATIONAL" or "INFO" => DetectionPriority.Informational,
            "DEBUG" => DetectionPriority.Debug,
            _ => null,
        };
        priority = parsed ?? DetectionPriority.Debug;
        return parsed is not null;
    }
}
