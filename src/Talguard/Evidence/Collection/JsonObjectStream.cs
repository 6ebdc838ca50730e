using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Talguard.Evidence.Collection;

/// <summary>One top-level JSON object of a tool's output: its exact bytes and the parsed object.</summary>
internal sealed record JsonObjectText(ReadOnlyMemory<byte> Raw, JsonObject Value);

/// <summary>
/// Splits what <c>talosctl get -o json</c> and <c>talosctl version --json</c> print: top-level objects written one
/// after the other (pretty-printed or one per line), not an array. Also re-renders an object the way talosctl prints
/// one (4-space indentation, a newline after it) once redaction has changed it.
/// </summary>
internal static class JsonObjectStream
{
    private static readonly JsonWriterOptions TalosctlStyle = new()
    {
        Indented = true,
        IndentSize = 4,
        // Keeps non-ASCII text readable, as Go's encoder does; the bundle is JSON read by programs either way.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The objects of <paramref name="output"/>, or null when it is not a stream of JSON objects.</summary>
    public static List<JsonObjectText>? Split(ReadOnlyMemory<byte> output)
    {
        var objects = new List<JsonObjectText>();
        var reader = new Utf8JsonReader(output.Span, new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var raw = output[start..(int)reader.BytesConsumed];
                if (JsonNode.Parse(raw.Span) is not JsonObject value)
                {
                    return null;
                }

                objects.Add(new JsonObjectText(raw, value));
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return objects;
    }

    /// <summary>The text of an object as talosctl prints it: indented by four spaces, followed by a newline.</summary>
    public static byte[] Render(JsonNode value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, TalosctlStyle))
        {
            value.WriteTo(writer);
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
