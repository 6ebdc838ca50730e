using System.Text.Json.Serialization;

namespace Talguard.Reports;

/// <summary>The members every Talguard JSON document starts with.</summary>
internal static class ContractHeader
{
    /// <summary>The <c>schemaVersion</c> of every Talguard JSON document.</summary>
    public const int SchemaVersion = 1;
}

/// <summary>The <c>tool</c> member every Talguard JSON document starts with (after <c>schemaVersion</c>).</summary>
internal sealed record ToolJson(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version)
{
    public static ToolJson Current { get; } = new(ToolInfo.Name, ToolInfo.Version);
}
