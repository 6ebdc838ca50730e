using System.Globalization;

namespace Talguard.Hardening.PodSecurity;

/// <summary>A policy version: <c>latest</c> or <c>v1.N</c> (the Pod Security Standards only have major 1).</summary>
public readonly record struct PolicyVersion(int Minor, bool IsLatest)
{
    public const string InvalidVersionMessage = "must be \"latest\" or \"v1.x\"";

    public static readonly PolicyVersion Latest = new(0, true);

    public static PolicyVersion Of(int minor) => new(minor, false);

    /// <summary>
    /// Upstream's syntax: exactly <c>latest</c> or <c>v1.</c> followed by a decimal without leading zeros.
    /// On failure <paramref name="version"/> is <c>latest</c>, the value upstream falls back to.
    /// </summary>
    public static bool TryParse(string? text, out PolicyVersion version)
    {
        version = Latest;
        if (text == "latest")
        {
            return true;
        }

        if (text is null || !text.StartsWith("v1.", StringComparison.Ordinal) || text.Length == 3)
        {
            return false;
        }

        var digits = text.AsSpan(3);
        if (digits.Length > 1 && digits[0] == '0')
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return false;
        }

        version = Of(minor);
        return true;
    }

    public override string ToString() => IsLatest ? "latest" : "v1." + Minor.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A level at a version, printed as upstream does: <c>restricted:latest</c>, <c>baseline:v1.29</c>.</summary>
public readonly record struct LevelVersion(PodSecurityLevel Level, PolicyVersion Version)
{
    public override string ToString() => Level.ToName() + ":" + Version;
}
