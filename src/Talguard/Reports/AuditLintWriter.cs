using System.Text.Json;
using Talguard.Services;

namespace Talguard.Reports;

/// <summary>The noise estimate of <c>talguard audit lint</c>: a section for people above the findings, a <c>noise</c> member in JSON.</summary>
public static class AuditLintWriter
{
    public static void WriteText(IReadOnlyList<AuditNoiseEstimate> noise, TextWriter output)
    {
        if (noise.Count == 0)
        {
            output.WriteLine("Noise: no rule logs request bodies for high-volume reads (get/list/watch of pods, events, endpoints, endpointslices, leases, nodes, configmaps).");
            output.WriteLine();
            return;
        }

        output.WriteLine("Noise: rules that log request bodies for high-volume reads (the first matching rule decides)");
        foreach (var estimate in noise)
        {
            output.WriteLine($"  {estimate.Location.Place}  rules[{estimate.RuleIndex}]  {estimate.Level}  {estimate.Estimate}");
            if (estimate.Within is { } within)
            {
                output.WriteLine($"    in {within}");
            }

            output.WriteLine($"    {ByResource(estimate.Captures)}");
        }

        output.WriteLine();
    }

    /// <summary><c>pods (get, list, watch), nodes (watch)</c>: the captured reads grouped by resource, in capture order.</summary>
    private static string ByResource(IReadOnlyList<string> captures) =>
        string.Join(", ", captures
            .Select(capture => (Verb: capture[..capture.IndexOf(' ', StringComparison.Ordinal)], Resource: capture[(capture.IndexOf(' ', StringComparison.Ordinal) + 1)..]))
            .GroupBy(read => read.Resource, StringComparer.Ordinal)
            .Select(group => $"{group.Key} ({string.Join(", ", group.Select(read => read.Verb))})"));

    /// <summary>The <c>noise</c> array: rule index, level, location, the reads it captures and the estimate.</summary>
    public static void WriteJson(Utf8JsonWriter json, IReadOnlyList<AuditNoiseEstimate> noise)
    {
        json.WriteStartArray("noise");
        foreach (var estimate in noise)
        {
            json.WriteStartObject();
            json.WriteNumber("ruleIndex", estimate.RuleIndex);
            json.WriteString("level", estimate.Level);
            json.WriteStartObject("location");
            json.WriteString("file", estimate.Location.File);
            json.WriteNumber("line", estimate.Location.Line);
            json.WriteNumber("column", estimate.Location.Column);
            json.WriteString("path", estimate.Location.Path);
            if (estimate.Within is { } within)
            {
                json.WriteString("within", within);
            }

            json.WriteEndObject();
            json.WriteStartArray("captures");
            foreach (var capture in estimate.Captures)
            {
                json.WriteStringValue(capture);
            }

            json.WriteEndArray();
            json.WriteString("estimate", estimate.Estimate);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
