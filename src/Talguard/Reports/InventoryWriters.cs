using System.Text.Json;
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
        json.WriteStartArray("inventory");
        foreach (var file in files)
        {
            WriteNode(json, file);
        }

        json.WriteEndArray();
    }

    private static void WriteNode(Utf8JsonWriter json, InventoryNode node)
    {
        json.WriteStartObject();
        json.WriteString("kind", node.Kind);
        json.WriteString("name", node.Label);
        json.WriteStartObject("properties");
        foreach (var (key, value) in node.Properties)
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
        json.WriteStartArray("items");
        foreach (var child in node.Children)
        {
            WriteNode(json, child);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
