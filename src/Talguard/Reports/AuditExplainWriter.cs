using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Talguard.Findings;
using Talguard.Services;

namespace Talguard.Reports;

/// <summary>The answers of <c>talguard audit explain</c>: for people, as one JSON object, or one JSON line per request.</summary>
public static class AuditExplainWriter
{
    private static readonly JsonWriterOptions CompactOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions IndentedOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <summary>Aligned lines: level, omitted stages, the deciding rule and where it is, the request as understood.</summary>
    public static void WriteText(AuditExplanation explanation, string? policyDescription, TextWriter output)
    {
        output.WriteLine($"level:        {explanation.Level}");
        output.WriteLine($"omitStages:   {(explanation.OmitStages.Count == 0 ? "(none)" : string.Join(", ", explanation.OmitStages))}");
        if (explanation.RuleIndex is { } index && explanation.Location is { } location)
        {
            var within = policyDescription is null ? location.Path : $"{policyDescription}, rules[{index}]";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rule:         #{index} at {location.Place} ({within})"));
        }
        else
        {
            output.WriteLine("rule:         none matched: the request is not audited (no catch-all rule caught it)");
        }

        output.WriteLine($"request:      {explanation.Request}");
    }

    /// <summary><c>{"level", "omitStages", "ruleIndex", "location"}</c>, indented, with a final newline.</summary>
    public static void WriteJson(AuditExplanation explanation, string? policyDescription, Stream output)
    {
        using (var json = new Utf8JsonWriter(output, IndentedOptions))
        {
            WriteObject(json, explanation, policyDescription);
        }

        output.WriteByte((byte)'\n');
    }

    /// <summary>
    /// One compact JSON object per line, in input order: an explanation, or <c>{"line": N, "error": "…"}</c>. Each line
    /// is written as soon as it is answered, so a pipe sees answers while requests still come in.
    /// </summary>
    public static void WriteLines(IEnumerable<AuditExplainLine> lines, string? policyDescription, TextWriter output)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer, CompactOptions);
        foreach (var line in lines)
        {
            if (line.Explanation is { } explanation)
            {
                WriteObject(json, explanation, policyDescription);
            }
            else
            {
                json.WriteStartObject();
                json.WriteNumber("line", line.Line);
                json.WriteString("error", line.Error);
                json.WriteEndObject();
            }

            json.Flush();
            output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
            output.Write('\n');
            buffer.ResetWrittenCount();
            json.Reset(buffer);
        }

        output.Flush();
    }

    private static void WriteObject(Utf8JsonWriter json, AuditExplanation explanation, string? policyDescription)
    {
        json.WriteStartObject();
        json.WriteString("level", explanation.Level);
        json.WriteStartArray("omitStages");
        foreach (var stage in explanation.OmitStages)
        {
            json.WriteStringValue(stage);
        }

        json.WriteEndArray();
        if (explanation.RuleIndex is { } index && explanation.Location is { } location)
        {
            json.WriteNumber("ruleIndex", index);
            WriteLocation(json, location, policyDescription is null ? null : $"{policyDescription}, rules[{index}]");
        }
        else
        {
            json.WriteNull("ruleIndex");
            json.WriteNull("location");
        }

        json.WriteBoolean("omitManagedFields", explanation.OmitManagedFields);
        json.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter json, Location location, string? within)
    {
        json.WriteStartObject("location");
        json.WriteString("file", location.File);
        json.WriteNumber("line", location.Line);
        json.WriteNumber("column", location.Column);
        json.WriteString("path", location.Path);
        if (within is not null)
        {
            json.WriteString("within", within);
        }

        json.WriteEndObject();
    }
}
