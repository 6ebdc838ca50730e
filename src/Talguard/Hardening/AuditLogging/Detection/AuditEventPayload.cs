using System.Globalization;
using System.Text.Json;

namespace Talguard.Hardening.AuditLogging.Detection;

/// <summary>
/// What the k8saudit plugin accepts as audit data: a JSON array (of any of these), an <c>EventList</c> (each
/// item an event), or one <c>Event</c>; an event needs an RFC 3339 <c>stageTimestamp</c>, its time.
/// </summary>
public static class AuditEventPayload
{
    public const string NotRecognized = "data not recognized as a k8s audit event";

    /// <summary>Adds the events of <paramref name="payload"/> in order; false (adding nothing) when it is not audit data.</summary>
    public static bool TryGetEvents(JsonElement payload, ICollection<JsonElement> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var found = new List<JsonElement>();
        if (!Collect(payload, found, depth: 0))
        {
            return false;
        }

        foreach (var e in found)
        {
            events.Add(e);
        }

        return true;
    }

    /// <summary>Null when <paramref name="auditEvent"/> can be evaluated, else why not (one line, no event content).</summary>
    public static string? RejectionReason(JsonElement auditEvent) => TryReadTime(auditEvent, out _, out _, out var reason) ? null : reason;

    internal static bool TryReadTime(JsonElement auditEvent, out DateTimeOffset time, out long nanoseconds, out string reason)
    {
        time = default;
        nanoseconds = 0;
        if (auditEvent.ValueKind != JsonValueKind.Object)
        {
            reason = NotRecognized;
            return false;
        }

        if (!auditEvent.TryGetProperty("stageTimestamp", out var stamp) || stamp.ValueKind != JsonValueKind.String)
        {
            reason = "the audit event has no stageTimestamp";
            return false;
        }

        if (!TryParseRfc3339(stamp.GetString()!, out time, out nanoseconds))
        {
            reason = "the audit event's stageTimestamp is not an RFC 3339 time";
            return false;
        }

        reason = string.Empty;
        return true;
    }

    /// <summary>RFC 3339 with up to nine fraction digits, kept to the nanosecond for <c>jevt.rawtime</c>.</summary>
    internal static bool TryParseRfc3339(string text, out DateTimeOffset time, out long nanoseconds)
    {
        time = default;
        nanoseconds = 0;
        if (text.Length < 20 || text[10] != 'T')
        {
            return false;
        }

        var fractionDigits = string.Empty;
        var rest = text;
        var dot = text.IndexOf('.', 19);
        if (dot == 19)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            fractionDigits = text[(dot + 1)..end];
            if (fractionDigits.Length is 0 or > 9)
            {
                return false;
            }

            rest = text[..dot] + text[end..];
        }

        var zoned = rest.Length == 20 ? rest[19] == 'Z' : rest.Length == 25 && rest[19] is '+' or '-';
        if (!zoned || !DateTimeOffset.TryParseExact(rest, "yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var whole))
        {
            return false;
        }

        var fraction = fractionDigits.Length == 0 ? 0 : long.Parse(fractionDigits.PadRight(9, '0'), CultureInfo.InvariantCulture);
        time = whole.AddTicks(fraction / 100);
        nanoseconds = ((whole.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100) + fraction;
        return true;
    }

    private static bool Collect(JsonElement payload, List<JsonElement> events, int depth)
    {
        if (depth > 64)
        {
            return false;
        }

        if (payload.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in payload.EnumerateArray())
            {
                if (!Collect(item, events, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }

        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        if (kind.ValueEquals("Event"))
        {
            events.Add(payload);
            return true;
        }

        if (kind.ValueEquals("EventList") && payload.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            events.AddRange(items.EnumerateArray());
            return true;
        }

        return false;
    }
}
