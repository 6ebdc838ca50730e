using System.Text.Json;

namespace Talguard.Formats;

/// <summary>
/// Turns one record of an audit log into its audit events, as the Falco k8saudit plugin does: an object of kind
/// <c>Event</c> is one event, an <c>EventList</c> gives each of its items, an array gives each of its elements; anything
/// else is not an audit event (<c>{"kind": 0}</c>, a number) and is counted, never evaluated.
/// </summary>
internal static class AuditLogEvents
{
    /// <summary>Deeper than any Kubernetes object (Falco sets no limit; 64, the default, is near some CRDs).</summary>
    internal const int MaxDepth = 256;

    internal const string NotAnEvent = "not an audit event (an Event, an EventList or an array of them)";

    internal static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = MaxDepth };

    /// <summary>
    /// Parses <paramref name="json"/> and adds its events to <paramref name="events"/>; returns the document (the
    /// events are views into it: dispose it after them), or null with <paramref name="problem"/> when the text is not
    /// JSON. A record that parses but holds something other than events sets <paramref name="problem"/> too.
    /// </summary>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> json, List<JsonElement> events, out string? problem)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, ParseOptions);
        }
        catch (JsonException ex)
        {
            problem = Describe(ex, atEnd: ex.BytePositionInLine >= json.Length || IsEndOfData(ex));
            return null;
        }

        problem = Collect(document.RootElement, events, depth: 0) ? null : NotAnEvent;
        return document;
    }

    /// <summary>
    /// What is wrong with a record. The parser's own message quotes the offending text, which may be a token, so only
    /// the column (1-based byte position in the line) is given.
    /// </summary>
    internal static string Describe(JsonException ex, bool atEnd) =>
        atEnd ? "truncated JSON (the text ends inside a value)" : $"malformed JSON at column {(ex.BytePositionInLine ?? 0) + 1}";

    internal static bool IsEndOfData(JsonException ex) =>
        ex.Message.Contains("end of data", StringComparison.Ordinal) || ex.Message.Contains("end of the JSON payload", StringComparison.Ordinal);

    /// <summary>False when some part is not an audit event (the events beside it are still added).</summary>
    private static bool Collect(JsonElement element, List<JsonElement> events, int depth)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            var whole = true;
            foreach (var item in element.EnumerateArray())
            {
                whole &= depth < 2 && Collect(item, events, depth + 1);
            }

            return whole;
        }

        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("kind"u8, out var kind) || kind.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        if (kind.ValueEquals("Event"u8))
        {
            events.Add(element);
            return true;
        }

        if (!kind.ValueEquals("EventList"u8))
        {
            return false;
        }

        if (!element.TryGetProperty("items"u8, out var items) || items.ValueKind != JsonValueKind.Array)
        {
            // An EventList without items is an empty batch, as kube-apiserver never sends but a hand-made file may hold.
            return items.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;
        }

        var allEvents = true;
        foreach (var item in items.EnumerateArray())
        {
            // The plugin takes every item of an EventList as an event, whether or not it repeats its kind.
            if (item.ValueKind == JsonValueKind.Object)
            {
                events.Add(item);
            }
            else
            {
                allEvents = false;
            }
        }

        return allEvents;
    }
}
