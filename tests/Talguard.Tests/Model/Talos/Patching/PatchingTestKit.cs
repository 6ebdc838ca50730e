using Talguard.Model.Talos.Patching;
using Talguard.Tests.Support;

namespace Talguard.Tests.Model.Talos.Patching;

/// <summary>Merges inline YAML with the engine applier and compares trees by their JSON form (which keeps scalar kinds).</summary>
internal static class PatchingTestKit
{
    public static List<ConfigMapping> Documents(string yaml) => TalosPatchApplier.Documents(Yaml.File("config.yaml", yaml));

    public static List<ConfigMapping> Apply(string config, params string[] patches) =>
        TalosPatchApplier.Apply(Documents(config), patches.Select((p, i) => TalosPatchReader.Read($"patch{i}.yaml", p)));

    /// <summary>The merged config written as YAML.</summary>
    public static string Merge(string config, params string[] patches) => ConfigYamlWriter.Write(Apply(config, patches));

    /// <summary>Asserts that the merge of <paramref name="config"/> and <paramref name="patch"/> is the tree <paramref name="expected"/>.</summary>
    public static void AssertMerge(string config, string patch, string expected) =>
        Assert.Equal(Json(Documents(expected)), Json(Apply(config, patch)));

    public static string Json(IEnumerable<ConfigMapping> documents) => string.Join("\n", documents.Select(ConfigJson.Write));
}
