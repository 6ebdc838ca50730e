using System.Globalization;
using System.Text.RegularExpressions;

namespace Talguard.Credentials;

/// <summary>A certificate lifetime written as talosctl's <c>--crt-ttl</c> takes it (Go durations: <c>24h</c>, <c>8760h</c>, <c>1h30m</c>), plus days (<c>30d</c>).</summary>
public static partial class CertificateLifetime
{
    /// <summary>talosctl's default for client certificates: one year.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromHours(8760);

    /// <summary>The lifetime <paramref name="text"/> says, or null when it is not a positive duration of d, h, m and s parts.</summary>
    public static TimeSpan? Parse(string text)
    {
        var match = Duration().Match(text);
        if (!match.Success || text.Length == 0)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = part.Value[^1];
            if (!double.TryParse(part.Value.AsSpan(0, part.Value.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return null;
            }

            var seconds = amount * unit switch { 'd' => 86400, 'h' => 3600, 'm' => 60, _ => 1 };
            if (seconds > TimeSpan.FromDays(365 * 100).TotalSeconds)
            {
                return null;
            }

            total += TimeSpan.FromSeconds(seconds);
        }

        return total >= TimeSpan.FromSeconds(1) ? total : null;
    }

    [GeneratedRegex(@"^(?<part>[0-9]+(?:\.[0-9]+)?[dhms])+$", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();
}
