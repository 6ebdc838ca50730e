using System.Globalization;
using System.Security.Cryptography;
using Talguard.Artifacts;

namespace Talguard.Evidence.Collection;

/// <summary>
/// Writes an evidence bundle so that it appears whole or not at all: every file goes into a private hidden
/// directory beside the target, which is renamed to the target only once all are written and synced. The target
/// must not exist or be an empty directory: a bundle is evidence, so an earlier one is never overwritten. The bundle
/// is private (directory 0700, files 0600): redacted, it still maps the cluster.
/// </summary>
internal static class BundleWriter
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void Write(string bundle, IReadOnlyList<Artifact> files)
    {
        if (string.IsNullOrEmpty(bundle))
        {
            throw new ArtifactException("\"\"", "an empty output directory path");
        }

        var target = Path.GetFullPath(bundle).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(target);
        if (parent is null || !Directory.Exists(parent))
        {
            throw new ArtifactException(bundle, "its parent directory does not exist");
        }

        var replacesEmptyDirectory = CheckTarget(bundle, target);
        var staging = Path.Combine(parent, string.Create(CultureInfo.InvariantCulture, $".talguard-bundle-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.tmp"));
        var committed = false;
        try
        {
            CreatePrivateDirectory(staging);
            foreach (var file in files)
            {
                var path = Path.Combine(staging, file.Name);
                var directory = Path.GetDirectoryName(path)!;
                if (!Directory.Exists(directory))
                {
                    CreatePrivateDirectory(directory);
                }

                WriteNew(path, file.Content);
            }

            if (replacesEmptyDirectory)
            {
                // An empty directory the user made for the bundle; rename cannot replace it, so it goes first.
                Directory.Delete(target);
            }

            Directory.Move(staging, target);
            committed = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArtifactException(bundle, "cannot write the bundle: " + ex.Message.Split('\n')[0].Trim());
        }
        finally
        {
            if (!committed && Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>Refuses a target that holds anything; true when it is an empty directory to be replaced.</summary>
    private static bool CheckTarget(string bundle, string target)
    {
        if (File.Exists(target))
        {
            throw new ArtifactException(bundle, "exists and is not a directory");
        }

        if (!Directory.Exists(target))
        {
            return false;
        }

        if (Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new ArtifactException(bundle, "exists and is not empty: a bundle is never written over another (choose a new -o)");
        }

        return true;
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, DirectoryMode);
        }
    }

    private static void WriteNew(string path, byte[] content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = ArtifactWriter.PrivateMode;
        }

        using var stream = new FileStream(path, options);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }
}
