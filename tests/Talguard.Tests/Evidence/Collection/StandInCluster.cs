using Talguard.Tests.Support;

namespace Talguard.Tests.Evidence.Collection;

/// <summary>
/// A copy of testdata/cluster in a fresh directory, reached through the stand-in talosctl and kubectl of
/// standins/ (no Talos node can run here): recorded outputs of a v1.12 control plane, a v1.11 and a v1.13 worker.
/// A test may take nodes down, grant os:admin or forbid a Kubernetes list before collecting.
/// </summary>
public sealed class StandInCluster : IDisposable
{
    public const string ControlPlane = "10.5.0.2";
    public const string OldWorker = "10.5.0.3";
    public const string NewWorker = "10.5.0.4";

    public static readonly string[] Nodes = [ControlPlane, OldWorker, NewWorker];

    private static readonly string Source = Path.Combine(SharedData.RepositoryRoot, "tests", "Talguard.Tests", "Evidence", "Collection");

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("talguard-collect-");

    public StandInCluster()
    {
        Copy(Path.Combine(Source, "testdata", "cluster"), ClusterDirectory);
    }

    public string ClusterDirectory => Path.Combine(_root.FullName, "cluster");

    public string TalosConfig => Path.Combine(ClusterDirectory, "talosconfig");

    public string KubeConfig => Path.Combine(ClusterDirectory, "kubeconfig");

    public static string Talosctl => Path.Combine(Source, "standins", "talosctl");

    public static string Kubectl => Path.Combine(Source, "standins", "kubectl");

    /// <summary>Where a bundle may be written (it does not exist yet).</summary>
    public string Bundle => Path.Combine(_root.FullName, "bundle");

    /// <summary>Every secret the recorded machine configs hold, as planted there.</summary>
    public static IReadOnlyList<string> PlantedSecrets { get; } =
        File.ReadAllLines(Path.Combine(Source, "testdata", "cluster", "planted.txt")).Where(l => l.Length > 0).ToList();

    public void GrantAdmin() => File.WriteAllText(Path.Combine(ClusterDirectory, "role"), "os:admin");

    public void TakeDown(string node)
    {
        Directory.CreateDirectory(Path.Combine(ClusterDirectory, "down"));
        File.WriteAllText(Path.Combine(ClusterDirectory, "down", node), string.Empty);
    }

    public void Forbid(string plural)
    {
        Directory.CreateDirectory(Path.Combine(ClusterDirectory, "forbidden"));
        File.WriteAllText(Path.Combine(ClusterDirectory, "forbidden", plural), string.Empty);
    }

    /// <summary>What the stand-in talosctl prints for <paramref name="resource"/> on <paramref name="node"/>.</summary>
    public string Recorded(string node, string resource) => File.ReadAllText(Path.Combine(ClusterDirectory, "nodes", node, resource + ".json"));

    public string RecordedKubernetes(string plural) => File.ReadAllText(Path.Combine(ClusterDirectory, "kubernetes", plural + ".json"));

    /// <summary><c>talguard collect</c> against this cluster with the stand-ins, plus <paramref name="extra"/> arguments.</summary>
    public Support.Cli.Outcome Collect(params string[] extra) =>
        Support.Cli.Run(["collect", "--talosconfig", TalosConfig, "--talosctl", Talosctl, "--kubectl", Kubectl, "-o", Bundle, .. extra]);

    public void Dispose() => _root.Delete(recursive: true);

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            Copy(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
