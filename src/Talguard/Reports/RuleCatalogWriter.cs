using System.Text.Json;
using Talguard.Findings;

namespace Talguard.Reports;

/// <summary>The whole rule catalog as JSON, for tooling (<c>talguard rules --format json</c>).</summary>
public static class RuleCatalogWriter
{
    public static void WriteJson(IReadOnlyList<RuleDescriptor> rules, Stream output)
    {
        using var json = new Utf8JsonWriter(output, JsonReportWriter.WriterOptions);
        json.WriteStartObject();
        JsonReportWriter.WriteHeader(json);
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteString("severity", rule.Severity.ToName());
            json.WriteString("section", rule.Section.Id);
            json.WriteString("title", rule.Title);
            json.WriteString("rationale", rule.Rationale);
            json.WriteString("remediation", rule.Remediation);
            json.WriteString("helpUri", ToolInfo.HelpUri(rule));
            JsonReportWriter.WriteFrameworks(json, rule);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }
}
