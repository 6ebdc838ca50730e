using System.Text.Json;
using Talguard.Findings;
using Talguard.Hardening.PodSecurity;

namespace Talguard.Reports;

/// <summary>The <c>evaluations</c> member <c>pss --format json</c> adds to the findings report.</summary>
public static class PodSecurityJson
{
    /// <summary>Names and messages are bounded as a finding's are (a manifest may name a pod with 200 MB); written out as it goes.</summary>
    public static void WriteEvaluations(Utf8JsonWriter json, PssReport report)
    {
        json.WriteStartArray("evaluations");
        foreach (var evaluation in report.Evaluations)
        {
            var item = evaluation.Workload.Item;
            json.WriteStartObject();
            json.WriteString("file", item.Document.File.DisplayPath);
            json.WriteNumber("document", item.Document.Index);
            json.WriteString("kind", DisplayText.Shorten(item.Kind, Finding.MaxNameChars));
            json.WriteString("namespace", DisplayText.Shorten(evaluation.Workload.Namespace, Finding.MaxNameChars));
            json.WriteString("name", DisplayText.Shorten(item.Name, Finding.MaxNameChars));
            json.WriteString("mode", evaluation.ModeName);
            json.WriteString("level", evaluation.Result.LevelVersion.Level.ToName());
            json.WriteString("version", evaluation.Result.LevelVersion.Version.ToString());
            json.WriteBoolean("allowed", evaluation.Result.Allowed);
            json.WriteString("message", DisplayText.Shorten(evaluation.Result.Message, Finding.MaxMessageChars));
            json.WriteEndObject();
            JsonReportWriter.FlushWhenFull(json);
        }

        json.WriteEndArray();
    }
}
