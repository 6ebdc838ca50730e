using System.Text.Json;
using Talguard.Compliance;

namespace Talguard.Reports;

/// <summary>
/// The compliance report as JSON (docs/compliance.md): <c>framework</c>, <c>score</c> and <c>controls</c> with each
/// control's <c>id</c>, <c>title</c>, <c>status</c>, <c>ruleIds</c>, <c>evidence</c> (strings) and <c>findings</c>
/// (as findings-json.md writes them), plus a header, a summary and the reason and attestation of each control.
/// </summary>
public sealed class ComplianceJsonWriter
{
    public void Write(ComplianceReport report, Stream output)
    {
        using var json = new Utf8JsonWriter(output, JsonReportWriter.WriterOptions);
        json.WriteStartObject();
        JsonReportWriter.WriteHeader(json);
        json.WriteString("framework", report.Framework.Id);
        json.WriteString("frameworkTitle", report.Framework.Title);
        json.WriteString("frameworkVersion", report.Framework.Version);
        json.WriteNumber("score", report.Score);
        json.WriteStartObject("summary");
        foreach (var status in Enum.GetValues<ControlStatus>())
        {
            json.WriteNumber(status.ToName(), report.Count(status));
        }

        json.WriteEndObject();
        json.WriteStartArray("controls");
        foreach (var control in report.Controls)
        {
            WriteControl(json, control);
            JsonReportWriter.FlushWhenFull(json);
        }

        json.WriteEndArray();
        if (report.Notices.Count > 0)
        {
            json.WriteStartArray("notices");
            foreach (var notice in report.Notices)
            {
                json.WriteStringValue(notice);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    private static void WriteControl(Utf8JsonWriter json, ControlResult control)
    {
        json.WriteStartObject();
        json.WriteString("id", control.Id);
        json.WriteString("title", control.Title);
        json.WriteString("section", control.Section);
        json.WriteString("status", control.Status.ToName());
        json.WriteBoolean("automated", control.Automated);
        json.WriteStartArray("ruleIds");
        foreach (var rule in control.RuleIds)
        {
            json.WriteStringValue(rule);
        }

        json.WriteEndArray();
        json.WriteStartArray("evidence");
        foreach (var evidence in control.Evidence)
        {
            json.WriteStringValue(evidence.Text);
        }

        json.WriteEndArray();
        json.WriteStartArray("findings");
        foreach (var finding in control.Findings)
        {
            JsonReportWriter.WriteFinding(json, finding);
        }

        json.WriteEndArray();
        if (control.Reason is { } reason)
        {
            json.WriteString("reason", reason);
        }

        if (control.Attestation is { } attestation)
        {
            json.WriteStartObject("attestation");
            json.WriteString("status", attestation.Status.ToName());
            json.WriteString("evidence", attestation.Evidence);
            json.WriteString("owner", attestation.Owner);
            json.WriteString("date", attestation.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            if (attestation.Expiry is { } expiry)
            {
                json.WriteString("expiry", expiry.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            }

            json.WriteString("file", attestation.File);
            json.WriteNumber("line", attestation.Line);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
