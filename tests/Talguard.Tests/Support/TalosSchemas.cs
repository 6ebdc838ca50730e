using NJsonSchema;

namespace Talguard.Tests.Support;

/// <summary>The published Talos config JSON schemas in <c>../shared/talos/schema</c>, loaded for NJsonSchema.</summary>
internal static class TalosSchemas
{
    /// <summary>The schema file of a release line (<c>v1.11</c>..<c>v1.14</c>; v1.14 is at rc.1).</summary>
    public static string FileFor(string line) => line == "v1.14" ? "config.schema.v1.14.0-rc.1.json" : $"config.schema.{line}.json";

    /// <summary>Loads <paramref name="fileName"/>; fails under CI=true and skips elsewhere when ../shared is missing.</summary>
    public static async Task<JsonSchema> Load(string fileName, CancellationToken cancellationToken = default)
    {
        var text = await File.ReadAllTextAsync(SharedData.Require("talos/schema/" + fileName), cancellationToken);
        // NJsonSchema resolves draft-07 "definitions", not 2020-12 "$defs"; the two mean the same here.
        return await JsonSchema.FromJsonAsync(
            text.Replace("\"$defs\"", "\"definitions\"", StringComparison.Ordinal).Replace("#/$defs/", "#/definitions/", StringComparison.Ordinal),
            cancellationToken);
    }
}
