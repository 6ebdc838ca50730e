using System.Text.Json;
using System.Text.Json.Serialization;
using Talguard.Hardening.SecureBoot;

namespace Talguard.Reports;

/// <summary>Renders a <c>secureboot inspect</c> inventory as indented text for the table format.</summary>
public static class InventoryText
{
    public static void Write(IReadOnlyList<InventoryNode> files, TextWriter output)
    {
        foreach (var file in files)
        {
            output.WriteLine(DisplayText.ForTerminal($"{file.Label} ({file.Kind})"));
            WriteBody(file, output, "  ");
            output.WriteLine();
        }
    }

    private static void WriteBody(InventoryNode node, TextWriter output, string indent)
    {
        foreach (var (key, value) in node.Properties)
        {
            output.WriteLine(DisplayText.ForTerminal($"{indent}{key}: {value}"));
        }

        foreach (var child in node.Children)
        {
            output.WriteLine(DisplayText.ForTerminal($"{indent}{child.Label}:"));
            WriteBody(child, output, indent + "  ");
        }
    }
}

/// <summary>Writes a <c>secureboot inspect</c> inventory as the JSON <c>inventory</c> member (an array of files).</summary>
public static class InventoryJson
{
    public static void Write(Utf8JsonWriter json, IReadOnlyList<InventoryNode> files)
    {
        json.WritePropertyName("inventory");
        IReadOnlyList<InventoryNodeJson> nodes = [.. files.Select(InventoryNodeJson.From)];
        JsonSerializer.Serialize(json, nodes, ContractJsonContext.Default.IReadOnlyListInventoryNodeJson);
    }
}

/// <summary>One file, structure or certificate of a <c>secureboot inspect</c> inventory, with its parts as <c>items</c>.</summary>
internal sealed record InventoryNodeJson(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("properties"), JsonConverter(typeof(InventoryPropertiesConverter))] IReadOnlyList<KeyValuePair<string, string>> Properties,
    [property: JsonPropertyName("items")] IReadOnlyList<InventoryNodeJson> Items)
{
    public static InventoryNodeJson From(InventoryNode node) =>
        new(node.Kind, node.Label, node.Properties, [.. node.Children.Select(From)]);
}

/// <summary>
/// Writes a node's properties as one JSON object in the order they were found; a list, not a dictionary, because
/// that order is the contract and a structure may repeat a key.
/// </summary>
internal sealed class InventoryPropertiesConverter : JsonConverter<IReadOnlyList<KeyValuePair<string, string>>>
{
    public override IReadOnlyList<KeyValuePair<string, string>> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("the secureboot inventory contract is only written");

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<KeyValuePair<string, string>> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (key, text) in value)
        {
            writer.WriteString(key, text);
        }

        writer.WriteEndObject();
    }
}
