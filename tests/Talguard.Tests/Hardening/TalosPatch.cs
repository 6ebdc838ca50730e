using System.Globalization;
using System.Text.Json;
using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening;

/// <summary>
/// Applies a remediation patch to a config the way talosctl's strategic merge does for the shapes our patches use:
/// a document with the same kind (and name) as an existing one is merged into it (mappings recursively, lists
/// appended, scalars replaced), a main-document fragment merges into the main document, anything else is appended.
/// The result is written as JSON-style flow YAML, which the loader reads like any config.
/// </summary>
internal static class TalosPatch
{
    public static string Apply(string config, string patch)
    {
        var documents = Yaml.File("config.yaml", config).Documents.Where(d => d.Root is { IsMapping: true }).Select(d => ToTree(d.Root!)).ToList();
        foreach (var patchDocument in Yaml.File("patch.yaml", patch + "\n").Documents)
        {
            if (patchDocument.Root is not { IsMapping: true } root)
            {
                continue;
            }

            var tree = (Dictionary<string, object?>)ToTree(root)!;
            var target = documents.Cast<Dictionary<string, object?>>().FirstOrDefault(d => SameDocument(d, tree));
            if (target is null)
            {
                documents.Add(tree);
            }
            else
            {
                Merge(target, tree);
            }
        }

        return string.Join("---\n", documents.Select(d => JsonSerializer.Serialize(d, SerializerOptions) + "\n"));
    }

    private static bool SameDocument(Dictionary<string, object?> existing, Dictionary<string, object?> patch)
    {
        if (!patch.ContainsKey("kind"))
        {
            return !existing.ContainsKey("kind") && existing.ContainsKey("version");
        }

        return Equals(Text(existing, "kind"), Text(patch, "kind")) && Equals(Text(existing, "name"), Text(patch, "name"));
    }

    private static string? Text(Dictionary<string, object?> map, string key) => map.TryGetValue(key, out var value) ? value?.ToString() : null;

    private static void Merge(Dictionary<string, object?> target, Dictionary<string, object?> patch)
    {
        foreach (var (key, value) in patch)
        {
            if (target.TryGetValue(key, out var existing) && existing is Dictionary<string, object?> map && value is Dictionary<string, object?> patchMap)
            {
                Merge(map, patchMap);
            }
            else if (existing is List<object?> list && value is List<object?> patchList)
            {
                list.AddRange(patchList);
            }
            else
            {
                target[key] = value;
            }
        }
    }

    private static object? ToTree(YamlNode node) => node.Type switch
    {
        YamlNodeType.Mapping => node.Entries.ToDictionary(e => e.Key.Value, e => ToTree(e.Value)),
        YamlNodeType.Sequence => node.Items.Select(ToTree).ToList(),
        _ when node.IsNull => null,
        _ when node.AsBool() is { } flag => flag,
        _ when node.IsPlain && long.TryParse(node.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
        _ => node.Value,
    };

    private static readonly JsonSerializerOptions SerializerOptions = new() { WriteIndented = false };
}
