using System.Text;
using System.Text.Json;
using Talguard.Model.Talos.Patching;

namespace Talguard.Tests.Model.Talos.Patching;

/// <summary>A config tree as JSON, the form NJsonSchema validates: scalars keep their kind (number, boolean, null, string).</summary>
internal static class ConfigJson
{
    public static string Write(ConfigNode node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, node);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, ConfigNode node)
    {
        switch (node)
        {
            case ConfigMapping mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Entries)
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case ConfigSequence sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case ConfigScalar { Kind: ScalarKind.Null }:
                writer.WriteNullValue();
                break;
            case ConfigScalar { Kind: ScalarKind.Bool } flag:
                writer.WriteBooleanValue(flag.Text == "true");
                break;
            case ConfigScalar { Kind: ScalarKind.Int } number:
                writer.WriteNumberValue(number.AsInt64()!.Value);
                break;
            case ConfigScalar { Kind: ScalarKind.Float } real:
                writer.WriteRawValue(real.Text);
                break;
            case ConfigScalar text:
                writer.WriteStringValue(text.Text);
                break;
        }
    }
}
