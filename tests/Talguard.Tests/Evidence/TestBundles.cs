using Talguard.Tests.Support;

namespace Talguard.Tests.Evidence;

/// <summary>
/// The evidence bundles under <c>Evidence/testdata/</c>, written from shared/talos/LIVE-FACTS.md and the Talos
/// v1.11-v1.13 resource definitions in talosctl's <c>-o json</c> framing (no Talos node can run here).
/// </summary>
internal static class TestBundles
{
    /// <summary>Where the bundles are, relative to the repository root (the CLI tests' working directory).</summary>
    public const string Relative = "tests/Talguard.Tests/Evidence/testdata";

    public static string Path(string name) => System.IO.Path.Combine(SharedData.RepositoryRoot, Relative, name);

    /// <summary>How reports name a bundle given by its full path.</summary>
    public static string Display(string name) => Path(name).Replace('\\', '/');

    /// <summary>A throwaway copy of a bundle to damage.</summary>
    public static BundleCopy Copy(string name) => new(Path(name));

    internal sealed class BundleCopy : IDisposable
    {
        private readonly string _root = Directory.CreateTempSubdirectory("talguard-bundle-").FullName;

        public BundleCopy(string source)
        {
            Path = System.IO.Path.Combine(_root, "bundle");
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = System.IO.Path.Combine(Path, System.IO.Path.GetRelativePath(source, file));
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        public string Path { get; }

        public string Display => Path.Replace('\\', '/');

        public void Edit(string relative, Func<string, string> change)
        {
            var file = System.IO.Path.Combine(Path, relative);
            File.WriteAllText(file, change(File.ReadAllText(file)));
        }

        public void Dispose() => Directory.Delete(_root, recursive: true);
    }
}
