using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Talguard.Findings;

namespace Talguard.Reports;

/// <summary>
/// SARIF 2.1.0 (OASIS, errata 01) for code-scanning dashboards, written with Utf8JsonWriter. Suppressed
/// findings are kept with their <c>suppressions</c>; the Talos patch that fixes a finding travels in the
/// result's properties, because it is a config patch rather than a text edit SARIF <c>fixes</c> could express.
/// </summary>
public sealed class SarifReportWriter : IReportWriter
{
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    public const string FingerprintKey = "talguard/v1";

    /// <summary>Rules to describe in <c>tool.driver.rules</c>; by default those the findings refer to.</summary>
    public IReadOnlyList<RuleDescriptor>? Rules { get; init; }

    public void Write(ScanResult result, Stream output)
    {
        var rules = (Rules ?? result.Findings.Select(f => f.Rule))
            .DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var ruleIndex = rules.Select((rule, index) => (rule.Id, index)).ToDictionary(p => p.Id, p => p.index, StringComparer.Ordinal);

        using var json = new Utf8JsonWriter(output, JsonReportWriter.WriterOptions);
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();
        WriteTool(json, rules);
        WriteInvocation(json, result);
        json.WriteString("columnKind", "utf16CodeUnits");
        json.WriteStartArray("results");
        foreach (var finding in result.Findings)
        {
            WriteResult(json, finding, ruleIndex[finding.Rule.Id]);
            JsonReportWriter.FlushWhenFull(json);
        }

        json.WriteEndArray();
        json.WriteStartObject("properties");
        JsonReportWriter.WriteRunTarget(json, result);
        JsonReportWriter.WriteTargets(json, result);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    /// <summary>SARIF's three levels: error for high and critical, warning for medium, note below.</summary>
    public static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    /// <summary>GitHub code scanning's 0–10 score; its bands map back to our severity names.</summary>
    public static string SecuritySeverity(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "3.0",
        _ => "0.0",
    };

    /// <summary>Stable across runs and line moves: rule, file and YAML path identify the finding.</summary>
    public static string Fingerprint(Finding finding)
    {
        var key = Encoding.UTF8.GetBytes($"{finding.Rule.Id}\n{finding.Location.File}\n{finding.Location.Path}");
        return Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 16));
    }

    private static void WriteTool(Utf8JsonWriter json, IReadOnlyList<RuleDescriptor> rules)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", ToolInfo.Name);
        json.WriteString("version", ToolInfo.Version);
        json.WriteString("semanticVersion", ToolInfo.Version);
        json.WriteString("informationUri", ToolInfo.InformationUri);
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            WriteRule(json, rule);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter json, RuleDescriptor rule)
    {
        var controls = rule.Controls;
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteString("name", PascalName(rule.Title));
        WriteMessage(json, "shortDescription", rule.Title);
        WriteMessage(json, "fullDescription", rule.Rationale);
        json.WriteStartObject("help");
        json.WriteString("text", rule.Remediation);
        json.WriteString("markdown", HelpMarkdown(rule, controls));
        json.WriteEndObject();
        json.WriteString("helpUri", ToolInfo.HelpUri(rule));
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", Level(rule.Severity));
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteString("section", rule.Section.Id);
        json.WriteString("severity", rule.Severity.ToName());
        json.WriteString("security-severity", SecuritySeverity(rule.Severity));
        json.WriteStartArray("tags");
        json.WriteStringValue("security");
        json.WriteStringValue(rule.Section.Id);
        foreach (var tag in controls.Tags())
        {
            json.WriteStringValue(tag);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>
    /// The run's invocation: notices as warnings, inputs that could not be read as errors (the run did not succeed:
    /// the results do not cover them), files a directory scan skipped as notes.
    /// </summary>
    private static void WriteInvocation(Utf8JsonWriter json, ScanResult result)
    {
        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", result.Errors.Count == 0);
        if (result.Notices.Count + result.Errors.Count + result.Skipped.Count > 0)
        {
            json.WriteStartArray("toolExecutionNotifications");
            foreach (var error in result.Errors)
            {
                WriteNotification(json, "error", error.Message, error.File, error.Line);
            }

            foreach (var notice in result.Notices)
            {
                WriteNotification(json, "warning", notice, file: null, line: 0);
            }

            foreach (var skipped in result.Skipped)
            {
                WriteNotification(json, "note", "skipped: " + skipped.Reason, skipped.File, line: 0);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteNotification(Utf8JsonWriter json, string level, string message, string? file, int line)
    {
        json.WriteStartObject();
        json.WriteString("level", level);
        WriteMessage(json, "message", message);
        if (file is not null)
        {
            json.WriteStartArray("locations");
            json.WriteStartObject();
            WritePhysicalLocation(json, file, line, column: 0);
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// A file and, when known, the place in it; SARIF regions are 1-based, so a whole-file location (line 0: a
    /// binary input, a file that cannot be read) has no region at all rather than a meaningless 1:1.
    /// </summary>
    private static void WritePhysicalLocation(Utf8JsonWriter json, string file, int line, int column)
    {
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", UriReference(file));
        json.WriteString("uriBaseId", "%SRCROOT%");
        json.WriteEndObject();
        if (line > 0)
        {
            json.WriteStartObject("region");
            json.WriteNumber("startLine", line);
            if (column > 0)
            {
                json.WriteNumber("startColumn", column);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, Finding finding, int ruleIndex)
    {
        var location = finding.Location;
        json.WriteStartObject();
        json.WriteString("ruleId", finding.Rule.Id);
        json.WriteNumber("ruleIndex", ruleIndex);
        json.WriteString("level", Level(finding.Severity));
        WriteMessage(json, "message", finding.Message);
        json.WriteStartArray("locations");
        json.WriteStartObject();
        WritePhysicalLocation(json, location.File, location.Line, location.Column);
        if (location.Path.Length > 0)
        {
            json.WriteStartArray("logicalLocations");
            json.WriteStartObject();
            json.WriteString("fullyQualifiedName", location.Path);
            json.WriteString("kind", "member");
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("partialFingerprints");
        json.WriteString(FingerprintKey, Fingerprint(finding));
        json.WriteEndObject();
        json.WriteStartArray("suppressions");
        if (finding.Suppression is { } suppression)
        {
            json.WriteStartObject();
            json.WriteString("kind", suppression.Kind == SuppressionKind.InSource ? "inSource" : "external");
            json.WriteString("status", "accepted");
            json.WriteString("justification", suppression.Reason);
            if (suppression.Owner is { } owner)
            {
                json.WriteStartObject("properties");
                json.WriteString("owner", owner);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteResultProperties(json, finding);
        json.WriteEndObject();
    }

    private static void WriteResultProperties(Utf8JsonWriter json, Finding finding)
    {
        json.WriteStartObject("properties");
        json.WriteString("severity", finding.Severity.ToName());
        json.WriteNumber("document", finding.Location.Document);
        json.WriteString("kind", finding.Location.Kind);
        json.WriteString("path", finding.Location.Path);
        if (finding.Object is { } reference)
        {
            json.WriteString("object", $"{reference.Kind} {(reference.Namespace.Length > 0 ? reference.Namespace + "/" : string.Empty)}{reference.Name}");
        }

        if (finding.Patch is { } patch)
        {
            json.WriteString("patch", patch);
        }

        json.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter json, string name, string text)
    {
        json.WriteStartObject(name);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    private static string HelpMarkdown(RuleDescriptor rule, RuleControls controls)
    {
        var markdown = new StringBuilder()
            .Append("**").Append(rule.Id).Append(": ").Append(rule.Title).Append("**\n\n")
            .Append(rule.Rationale).Append("\n\n**Remediation:** ").Append(rule.Remediation).Append('\n');
        if (controls.Tags().Any())
        {
            markdown.Append("\n**Controls:** ").Append(string.Join(", ", controls.Tags())).Append('\n');
        }

        return markdown.Append("\n[Rule reference](").Append(ToolInfo.HelpUri(rule)).Append(")\n").ToString();
    }

    /// <summary>SARIF's <c>name</c> is an identifier: the title's words in PascalCase.</summary>
    private static string PascalName(string title)
    {
        var name = new StringBuilder();
        foreach (var word in title.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var letters = new string([.. word.Where(char.IsAsciiLetterOrDigit)]);
            if (letters.Length > 0)
            {
                name.Append(char.ToUpperInvariant(letters[0])).Append(letters.AsSpan(1));
            }
        }

        return name.ToString();
    }

    /// <summary>A relative URI reference: each path segment percent-encoded, <c>/</c> kept.</summary>
    private static string UriReference(string displayPath) =>
        string.Join('/', displayPath.Split('/').Select(Uri.EscapeDataString));
}
