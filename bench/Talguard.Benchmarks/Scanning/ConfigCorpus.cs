using System.Globalization;
using System.Runtime.CompilerServices;

namespace Talguard.Benchmarks.Scanning;

/// <summary>
/// A corpus of machine configs for the scan benchmark: the four example configs (insecure and
/// hardened, controlplane and worker), each copy given its own cluster name and addresses so no two
/// files are identical.
/// </summary>
public static class ConfigCorpus
{
    public static IReadOnlyList<(string Name, string Text)> Generate(int count)
    {
        var examples = Path.Combine(RepositoryRoot(), "examples");
        string[] templates =
        [
            File.ReadAllText(Path.Combine(examples, "insecure-cluster", "controlplane.yaml")),
            File.ReadAllText(Path.Combine(examples, "insecure-cluster", "worker.yaml")),
            File.ReadAllText(Path.Combine(examples, "hardened-cluster", "controlplane.yaml")),
            File.ReadAllText(Path.Combine(examples, "hardened-cluster", "worker.yaml")),
        ];
        var corpus = new List<(string, string)>(count);
        for (var i = 0; i < count; i++)
        {
            var text = templates[i % templates.Length]
                .Replace("talos-prod", "cluster-" + i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("10.0.1.", "10." + (i % 250).ToString(CultureInfo.InvariantCulture) + ".1.", StringComparison.Ordinal);
            corpus.Add(($"corpus/node-{i:D4}.yaml", text));
        }

        return corpus;
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}
