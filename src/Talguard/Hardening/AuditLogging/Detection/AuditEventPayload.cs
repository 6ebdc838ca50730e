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

        if (!TryParseRfc3339(stamp.GetString(), out time, out nanoseconds))
        {
            reason = "the audit event's stageTimestamp is not an RFC 3339 time";
            return false;
        }

        reason = string.Empty;
        return true;
    }

    /// <summary>
    /// RFC 3339 (<c>2024-01-02T03:04:05.123456789Z</c> or with a <c>+hh:mm</c> offset), up to nine fraction
    /// digits kept to the nanosecond for <c>jevt.rawtime</c>. Read by position: it runs once per event.
    /// </summary>
    internal static bool TryParseRfc3339(ReadOnlySpan<char> text, out DateTimeOffset time, out long nanoseconds)
    {
        time = default;
        nanoseconds = 0;
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
            !Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day) ||
            !Digits(text.Slice(11, 2), out var hour) || !Digits(text.Slice(14, 2), out var minute) || !Digits(text.Slice(17, 2), out var second))
        {
            return false;
        }

        var position = 19;
        long fraction = 0;
        if (text[position] == '.')
        {
            var digits = 0;
            while (++position < text.Length && char.IsAsciiDigit(text[position]))
            {
                if (++digits > 9)
                {
                    return false;
                }

                fraction = (fraction * 10) + (text[position] - '0');
            }

            if (digits == 0)
            {
                return false;
            }

            for (; digits < 9; digits++)
            {
                fraction *= 10;
            }
        }

        var zone = text[position..];
        var offsetMinutes = 0;
        if (zone is not "Z")
        {
            if (zone.Length != 6 || zone[0] is not ('+' or '-') || zone[3] != ':' ||
                !Digits(zone.Slice(1, 2), out var offsetHours) || !Digits(zone.Slice(4, 2), out var offsetMinute) || offsetHours > 23 || offsetMinute > 59)
            {
                return false;
            }

            offsetMinutes = (zone[0] == '-' ? -1 : 1) * ((offsetHours * 60) + offsetMinute);
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month) || hour > 23 || minute > 59 || second > 59 || year < 1)
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        var utcTicks = local.Ticks - (offsetMinutes * TimeSpan.TicksPerMinute);
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks - TimeSpan.TicksPerSecond)
        {
            return false;
        }

        time = new DateTimeOffset(utcTicks + (fraction / 100), TimeSpan.Zero);
        nanoseconds = ((utcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100) + fraction;
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

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
