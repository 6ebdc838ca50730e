using System.Text.Json;
using System.Text.Json.Serialization;
using Talguard.Findings;
using Talguard.Hardening.PodSecurity;

namespace Talguard.Reports;

/// <summary>The <c>evaluations</c> member <c>pss --format json</c> adds to the findings report.</summary>
public static class PodSecurityJson
{
    /// <summary>Names and messages are bounded as a finding's are (a manifest may name a pod with 200 MB); written out one evaluation at a time.</summary>
    public static void WriteEvaluations(Utf8JsonWriter json, PssReport report)
    {
        json.WriteStartArray("evaluations");
        foreach (var evaluation in report.Evaluations)
        {
            JsonSerializer.Serialize(json, PssEvaluationJson.From(evaluation), ContractJsonContext.Default.PssEvaluationJson);
        }

        json.WriteEndArray();
    }
}

/// <summary>One workload's admission result under one mode of <c>pss --format json</c>'s <c>evaluations</c>.</summary>
internal sealed record PssEvaluationJson(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("document")] int Document,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("level")] string Level,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("allowed")] bool Allowed,
    [property: JsonPropertyName("message")] string Message)
{
    public static PssEvaluationJson From(PssEvaluation evaluation)
    {
        var item = evaluation.Workload.Item;
        var result = evaluation.Result;
        return new(
            item.Document.File.DisplayPath,
            item.Document.Index,
            DisplayText.Shorten(item.Kind, Finding.MaxNameChars),
            DisplayText.Shorten(evaluation.Workload.Namespace, Finding.MaxNameChars),
            DisplayText.Shorten(item.Name, Finding.MaxNameChars),
            evaluation.ModeName,
            result.LevelVersion.Level.ToName(),
            result.LevelVersion.Version.ToString(),
            result.Allowed,
            DisplayText.Shorten(result.Message, Finding.MaxMessageChars));
    }
}
