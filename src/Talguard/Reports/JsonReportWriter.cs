using System.Text.Encodings.Web;
using System.Text.Json;
using Talguard.Findings;

namespace Talguard.Reports;

/// <summary>The findings JSON of spec/findings-json.md (schemaVersion 1), written with Utf8JsonWriter (no reflection).</summary>
public sealed class JsonReportWriter : IReportWriter
{
    private const int FlushBytes = 64 * 1024;

    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Verbs that add top-level members (<c>evaluations</c>, <c>inventory</c>) pass them here.</summary>
    public Action<Utf8JsonWriter>? ExtraMembers { get; init; }

    public void Write(ScanResult result, Stream output)
    {
        using var json = new Utf8JsonWriter(output, WriterOptions);
        json.WriteStartObject();
        WriteHeader(json);
        json.WriteStartObject("target");
        WriteRunTarget(json, result);
        json.WriteEndObject();
        WriteTargets(json, result);
        if (result.MergedFiles.Count > 0)
        {
            // Only a merged scan has it, so other reports keep their bytes.
            json.WriteStartObject("merge");
            json.WriteString("base", result.MergedFiles[0]);
            json.WriteStartArray("patches");
            foreach (var patch in result.MergedFiles.Skip(1))
            {
                json.WriteStringValue(patch);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteStartObject("summary");
        foreach (var severity in new[] { Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Info })
        {
            json.WriteNumber(severity.ToName(), result.Count(severity));
        }

        json.WriteNumber("suppressed", result.SuppressedCount);
        json.WriteEndObject();
        json.WriteStartArray("findings");
        foreach (var finding in result.Findings)
        {
            WriteFinding(json, finding);
            FlushWhenFull(json);
        }

        json.WriteEndArray();
        if (result.Notices.Count > 0)
        {
            json.WriteStartArray("notices");
            foreach (var notice in result.Notices)
            {
                json.WriteStringValue(notice);
            }

            json.WriteEndArray();
        }

        WriteInputs(json, result);
        ExtraMembers?.Invoke(json);
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    /// <summary>
    /// The run's targets: the override, or the release every file was judged against, else <c>mixed</c> (files were
    /// judged against different releases; <c>targets</c> lists each).
    /// </summary>
    internal static void WriteRunTarget(Utf8JsonWriter json, ScanResult result)
    {
        json.WriteString("talosVersion", Shared(result, t => t.TalosVersion, result.TalosVersion));
        json.WriteString("kubernetesVersion", Shared(result, t => t.KubernetesVersion, result.KubernetesVersion));
    }

    /// <summary>
    /// <c>targets</c>: per Talos file, the releases it was judged against and what decided them. Only when Talos files
    /// were read, so verbs without them (etcd, secureboot, pss) keep their bytes.
    /// </summary>
    internal static void WriteTargets(Utf8JsonWriter json, ScanResult result)
    {
        if (result.Targets.Count == 0)
        {
            return;
        }

        json.WriteStartArray("targets");
        foreach (var target in result.Targets)
        {
            json.WriteStartObject();
            json.WriteString("file", target.File);
            json.WriteString("talosVersion", target.TalosVersion.ToString());
            json.WriteString("kubernetesVersion", target.KubernetesVersion.ToString());
            json.WriteString("evidence", target.Evidence);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static string Shared(ScanResult result, Func<FileTarget, Model.TalosVersion> version, Model.TalosVersion run) =>
        result.Targets.Select(version).Distinct().Skip(1).Any() ? "mixed" : run.ToString();

    /// <summary><c>errors</c> and <c>skipped</c>: present only when an input failed or a file was skipped, so other reports keep their bytes.</summary>
    private static void WriteInputs(Utf8JsonWriter json, ScanResult result)
    {
        if (result.Errors.Count > 0)
        {
            json.WriteStartArray("errors");
            foreach (var error in result.Errors)
            {
                json.WriteStartObject();
                json.WriteString("file", error.File);
                json.WriteNumber("line", error.Line);
                json.WriteString("message", error.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (result.Skipped.Count > 0)
        {
            json.WriteStartArray("skipped");
            foreach (var skipped in result.Skipped)
            {
                json.WriteStartObject();
                json.WriteString("file", skipped.File);
                json.WriteString("reason", skipped.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }
    }

    /// <summary>One finding as findings-json.md has it (the compliance report's <c>findings</c> reuse it).</summary>
    internal static void WriteFinding(Utf8JsonWriter json, Finding finding)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.Rule.Id);
        json.WriteString("severity", finding.Severity.ToName());
        json.WriteString("section", finding.Rule.Section.Id);
        json.WriteString("title", finding.Rule.Title);
        json.WriteString("message", finding.Message);
        json.WriteStartObject("location");
        json.WriteString("file", finding.Location.File);
        if (finding.Location.Line > 0)
        {
            // A whole-file place (a snapshot, an EFI file) has no line to name.
            json.WriteNumber("line", finding.Location.Line);
            json.WriteNumber("column", finding.Location.Column);
        }

        json.WriteNumber("document", finding.Location.Document);
        json.WriteString("kind", finding.Location.Kind);
        json.WriteString("path", finding.Location.Path);
        json.WriteEndObject();
        if (finding.Object is { } reference)
        {
            json.WriteStartObject("object");
            json.WriteString("apiVersion", reference.ApiVersion);
            json.WriteString("kind", reference.Kind);
            json.WriteString("namespace", reference.Namespace);
            json.WriteString("name", reference.Name);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("object");
        }

        json.WriteString("remediation", finding.Rule.Remediation);
        if (finding.Patch is null)
        {
            json.WriteNull("patch");
        }
        else
        {
            json.WriteString("patch", finding.Patch);
        }

        WriteFrameworks(json, finding.Rule);
        json.WriteBoolean("suppressed", finding.Suppressed);
        if (finding.SuppressionReason is { } reason)
        {
            json.WriteString("suppressionReason", reason);
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// Utf8JsonWriter keeps everything in memory until flushed; writing the report out in slices keeps memory
    /// flat however many findings there are.
    /// </summary>
    public static void FlushWhenFull(Utf8JsonWriter json)
    {
        if (json.BytesPending > FlushBytes)
        {
            json.Flush();
        }
    }

    /// <summary><c>schemaVersion</c> and <c>tool</c>: the first members of every Talguard JSON document.</summary>
    internal static void WriteHeader(Utf8JsonWriter json)
    {
        json.WriteNumber("schemaVersion", ContractHeader.SchemaVersion);
        json.WriteStartObject("tool");
        json.WriteString("name", ToolInfo.Name);
        json.WriteString("version", ToolInfo.Version);
        json.WriteEndObject();
    }

    /// <summary>The <c>frameworks</c> member: the rule's controls per compliance framework.</summary>
    internal static void WriteFrameworks(Utf8JsonWriter json, RuleDescriptor rule)
    {
        var controls = rule.Controls;
        json.WriteStartObject("frameworks");
        WriteList(json, RuleControls.CisKey, controls.Cis);
        WriteList(json, RuleControls.PciDssKey, controls.PciDss);
        WriteList(json, RuleControls.Soc2Key, controls.Soc2);
        json.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
