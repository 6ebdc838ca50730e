using System.Text.Json;
using System.Text.Json.Serialization;
using Talguard.Findings;

namespace Talguard.Reports;

/// <summary>The whole rule catalog as JSON, for tooling (<c>talguard rules --format json</c>).</summary>
public static class RuleCatalogWriter
{
    public static void WriteJson(IReadOnlyList<RuleDescriptor> rules, Stream output)
    {
        var document = new RuleCatalogDocument(ContractHeader.SchemaVersion, ToolJson.Current, [.. rules.Select(RuleJson.From)]);
        using var json = new Utf8JsonWriter(output, JsonReportWriter.WriterOptions);
        JsonSerializer.Serialize(json, document, ContractJsonContext.Default.RuleCatalogDocument);
        json.Flush();
        output.WriteByte((byte)'\n');
    }
}

/// <summary>The <c>rules --format json</c> document.</summary>
internal sealed record RuleCatalogDocument(
    [property: JsonPropertyName("schemaVersion")] int SchemaVersion,
    [property: JsonPropertyName("tool")] ToolJson Tool,
    [property: JsonPropertyName("rules")] IReadOnlyList<RuleJson> Rules);

/// <summary>One rule of the catalog.</summary>
internal sealed record RuleJson(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("section")] string Section,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("rationale")] string Rationale,
    [property: JsonPropertyName("remediation")] string Remediation,
    [property: JsonPropertyName("helpUri")] string HelpUri,
    [property: JsonPropertyName("frameworks")] FrameworksJson Frameworks)
{
    public static RuleJson From(RuleDescriptor rule) => new(
        rule.Id,
        rule.Severity.ToName(),
        rule.Section.Id,
        rule.Title,
        rule.Rationale,
        rule.Remediation,
        ToolInfo.HelpUri(rule),
        new FrameworksJson(rule.Controls.Cis, rule.Controls.PciDss, rule.Controls.Soc2));
}

/// <summary>A rule's controls per compliance framework.</summary>
internal sealed record FrameworksJson(
    [property: JsonPropertyName(RuleControls.CisKey)] IReadOnlyList<string> Cis,
    [property: JsonPropertyName(RuleControls.PciDssKey)] IReadOnlyList<string> PciDss,
    [property: JsonPropertyName(RuleControls.Soc2Key)] IReadOnlyList<string> Soc2);
