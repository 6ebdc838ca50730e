using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Talguard.Hardening.AuditLogging.Detection;
using Talguard.Services;

namespace Talguard.Reports;

/// <summary>
/// The alerts of <c>talguard audit detect</c>, one line each: as Falco prints them (<c>TIME: Priority output</c>), or
/// as JSON lines with Falco's keys (<c>time</c>, <c>rule</c>, <c>priority</c>, <c>output</c>, <c>tags</c>,
/// <c>source</c>, <c>output_fields</c>) plus the event's <c>auditID</c> and where it is (<c>file</c>, <c>line</c>);
/// the JSON stream ends with one <c>{"summary": …}</c> line.
/// </summary>
public static class AuditDetectWriter
{
    private static readonly JsonWriterOptions LineOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Falco's text line with an ISO 8601 UTC time to the nanosecond, as <c>time_format_iso_8601</c> prints it. Field
    /// values come from the log, so a control character in one is shown escaped: an alert stays one line and cannot
    /// drive the terminal.
    /// </summary>
    public static string TextLine(AuditLogAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return DisplayText.ForTerminal(alert.Alert.ToFalcoLine());
    }

    /// <summary>One alert as one line of JSON (without the newline).</summary>
    public static string JsonLine(AuditLogAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var found = alert.Alert;
        return Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("time"u8, Time(found.Time));
            json.WriteString("rule"u8, found.Rule);
            json.WriteString("priority"u8, found.Priority.FalcoName());
            json.WriteString("output"u8, found.Output);
            json.WriteStartArray("tags"u8);
            foreach (var tag in found.Tags)
            {
                json.WriteStringValue(tag);
            }

            json.WriteEndArray();
            json.WriteString("source"u8, found.Source);
            json.WriteString("auditID"u8, found.AuditId);
            json.WriteStartObject("output_fields"u8);
            foreach (var (field, value) in found.OutputFields)
            {
                if (value is null)
                {
                    json.WriteNull(field);
                }
                else
                {
                    json.WriteString(field, value);
                }
            }

            json.WriteEndObject();
            json.WriteString("file"u8, alert.File);
            json.WriteNumber("line"u8, alert.Line);
            json.WriteEndObject();
        });
    }

    /// <summary>The last line of the JSON stream: totals per log and per evaluated rule.</summary>
    public static string JsonSummary(AuditDetectResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Write(json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("summary"u8);
            json.WriteNumber("events"u8, result.Events);
            json.WriteNumber("alerts"u8, result.Alerts);
            json.WriteNumber("problems"u8, result.Problems);
            json.WriteStartArray("logs"u8);
            foreach (var log in result.Logs)
            {
                json.WriteStartObject();
                json.WriteString("file"u8, log.File);
                json.WriteNumber("events"u8, log.Events);
                json.WriteNumber("problems"u8, log.Problems);
                json.WriteStartArray("firstProblems"u8);
                foreach (var problem in log.FirstProblems)
                {
                    json.WriteStartObject();
                    json.WriteNumber("line"u8, problem.Line);
                    json.WriteString("reason"u8, problem.Reason);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("rules"u8);
            foreach (var rule in result.Rules)
            {
                json.WriteStartObject();
                json.WriteString("rule"u8, rule.Rule);
                json.WriteString("priority"u8, rule.Priority.FalcoName());
                json.WriteNumber("alerts"u8, rule.Alerts);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    /// <summary>The time as the text line shows it: UTC, nine fraction digits, <c>Z</c>.</summary>
    private static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "00Z";

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, LineOptions))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
