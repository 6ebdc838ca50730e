namespace Talguard.Hardening.PodSecurity;

/// <summary>The three Pod Security Standards levels, in increasing strictness.</summary>
public enum PodSecurityLevel
{
    Privileged,
    Baseline,
    Restricted,
}

public static class PodSecurityLevels
{
    public static string ToName(this PodSecurityLevel level) => level switch
    {
        PodSecurityLevel.Baseline => "baseline",
        PodSecurityLevel.Restricted => "restricted",
        _ => "privileged",
    };

    /// <summary>Exact, case-sensitive parse, as upstream: anything but the three names is invalid.</summary>
    public static bool TryParse(string? text, out PodSecurityLevel level)
    {
        switch (text)
        {
            case "privileged":
                level = PodSecurityLevel.Privileged;
                return true;
            case "baseline":
                level = PodSecurityLevel.Baseline;
                return true;
            case "restricted":
                level = PodSecurityLevel.Restricted;
                return true;
            default:
                level = PodSecurityLevel.Restricted;
                return false;
        }
    }

    public const string InvalidLevelMessage = "must be one of privileged, baseline, restricted";
}
