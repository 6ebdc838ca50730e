using System.Text;
using Talguard.Tests.Support;

namespace Talguard.Tests.Fuzzing;

/// <summary>Real inputs the fuzzers start from, read once, in a fixed order so every run mutates the same texts.</summary>
internal static class FuzzSeeds
{
    private static readonly Lazy<string[]> LazyConfigs = new(() =>
        [.. Files(Path.Combine(SharedData.RepositoryRoot, "examples"))
            .Concat(Files(Path.Combine(SharedData.RepositoryRoot, "tests", "Talguard.Tests"), "testdata"))
            .Select(File.ReadAllText)
            .Append(Talosconfig)
            .Append(SecretsBundle)]);

    /// <summary>Every config and manifest of examples/ and the tests' testdata/, plus a talosconfig and a secrets bundle.</summary>
    public static string[] Configs => LazyConfigs.Value;

    /// <summary>A talosconfig holding the example cluster's Talos CA as its CA and client certificate.</summary>
    public static string Talosconfig => $"context: admin@fuzz\ncontexts:\n  admin@fuzz:\n    endpoints: [10.0.0.2]\n    nodes: [10.0.0.3]\n    ca: {ExampleCertificate}\n    crt: {ExampleCertificate}\n    key: cmVkYWN0ZWQ=\n";

    /// <summary>The shape of <c>talosctl gen secrets</c> output, with the example cluster's certificates.</summary>
    public static string SecretsBundle =>
        $"cluster:\n  id: fuzz\n  secret: cmVkYWN0ZWQ=\nsecrets:\n  bootstraptoken: abc.def\n  secretboxencryptionsecret: cmVkYWN0ZWQ=\ntrustdinfo:\n  token: abc.def\n" +
        $"certs:\n  etcd:\n    crt: {ExampleCertificate}\n    key: cmVkYWN0ZWQ=\n  k8s:\n    crt: {ExampleCertificate}\n    key: cmVkYWN0ZWQ=\n  k8saggregator:\n    crt: {ExampleCertificate}\n" +
        $"  k8sserviceaccount:\n    key: cmVkYWN0ZWQ=\n  os:\n    crt: {ExampleCertificate}\n    key: cmVkYWN0ZWQ=\n";

    /// <summary>The first certificate of the insecure example cluster, as Talos stores it (base64 of PEM).</summary>
    public static string ExampleCertificate { get; } = FirstCertificate();

    /// <summary>Workloads: the examples' manifests and a fixed sample of the upstream Pod Security fixtures.</summary>
    public static string[] Workloads { get; } =
        [.. Configs.Where(c => c.Contains("kind: Pod", StringComparison.Ordinal) || c.Contains("containers:", StringComparison.Ordinal))
            .Concat(PssFixtures())];

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static IEnumerable<string> Files(string root, string? underFolder = null) =>
        Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => underFolder is null || f.Contains($"{Path.DirectorySeparatorChar}{underFolder}{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static IEnumerable<string> PssFixtures()
    {
        var root = Path.Combine(SharedData.Root, "pss", "testdata");
        if (!Directory.Exists(root))
        {
            return [];
        }

        // Every 60th fixture: both levels, many versions and checks, in a stable order.
        return Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Where((_, i) => i % 60 == 0).Select(File.ReadAllText);
    }

    private static string FirstCertificate()
    {
        var text = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "examples", "insecure-cluster", "controlplane.yaml"));
        var start = text.IndexOf("crt: ", StringComparison.Ordinal) + 5;
        return text[start..text.IndexOf('\n', start)];
    }
}
