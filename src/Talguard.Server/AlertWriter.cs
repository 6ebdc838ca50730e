using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Talguard.Hardening.AuditLogging.Detection;

namespace Talguard.Server;

/// <summary>Writes alerts as Falco text lines or JSON lines; used by the single consumer only.</summary>
internal sealed class AlertWriter(TextWriter output, AlertFormat format)
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public void Write(DetectionAlert alert)
    {
        if (format == AlertFormat.Text)
        {
            output.WriteLine(alert.ToFalcoLine());
            return;
        }

        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("time", alert.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture));
            json.WriteString("rule", alert.Rule);
            json.WriteString("priority", alert.Priority.FalcoName());
            json.WriteString("output", alert.Output);
            json.WriteStartObject("output_fields");
            foreach (var (field, value) in alert.OutputFields)
            {
                json.WriteString(field, value);
            }

            json.WriteEndObject();
            json.WriteString("source", alert.Source);
            json.WriteStartArray("tags");
            foreach (var tag in alert.Tags)
            {
                json.WriteStringValue(tag);
            }

            json.WriteEndArray();
            json.WriteString("auditID", alert.AuditId);
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(_buffer.WrittenSpan));
    }

    public Task FlushAsync() => output.FlushAsync();
}
