using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Talguard.Artifacts;

/// <summary>A file of a set written by <see cref="ArtifactWriter.WriteSet"/>; <see cref="Private"/> files are mode 0600.</summary>
public sealed record Artifact(string Name, byte[] Content, bool Private);

/// <summary>An output that cannot be written where the user asked; the CLI prints <see cref="OneLine"/> and exits 2.</summary>
public sealed class ArtifactException : Exception
{
    public ArtifactException(string path, string reason)
        : base(reason)
    {
        Path = path;
    }

    public ArtifactException()
    {
        Path = string.Empty;
    }

    public ArtifactException(string message)
        : base(message)
    {
        Path = string.Empty;
    }

    public ArtifactException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = string.Empty;
    }

    public string Path { get; }

    public string OneLine => Path.Length == 0 ? Message : $"{Path}: {Message}";
}

/// <summary>
/// Writes what Talguard produces without ever destroying what it must not:
/// <list type="bullet">
/// <item>a regular file (or a new one) is written to a temporary file in its directory and renamed over it, so
/// readers see the old or the new content, never half; an existing file keeps its mode;</item>
/// <item>devices, FIFOs, sockets and the descriptor paths (<c>/dev/stdout</c>, <c>/dev/fd/N</c>,
/// <c>/proc/self/fd/N</c>) are written in place, as a shell's <c>&gt;</c> would, never replaced by a file;</item>
/// <item>a symbolic link is followed: its final target is replaced and the link stays a link.</item>
/// </list>
/// Temporary files and staging directories are hidden and named <c>.talguard-PID-RANDOM.tmp</c> (short, so a
/// 250-byte target name still fits, and never taken for YAML input). Every failure path deletes them; ones a
/// killed run left behind (their process is gone) are deleted by the next write into that directory, except a
/// key-set staging directory still holding the files it replaced, which are the user's to recover.
/// </summary>
public static partial class ArtifactWriter
{
    public const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Mode of a new public file before the umask, as most tools create files.</summary>
    private const UnixFileMode NewFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const int MaxLinkHops = 40;

    /// <summary>Where <see cref="WriteSet"/> keeps the files it replaces until the whole set is in place.</summary>
    private const string ReplacedFolder = "replaced";

    /// <summary>Temporary paths this process is using right now, so stale-file cleanup never touches them.</summary>
    private static readonly ConcurrentDictionary<string, byte> InUse = new(StringComparer.Ordinal);

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/>. <paramref name="mode"/> is the exact mode for
    /// the file; when null an existing file keeps its mode and a new one gets 0644 less the umask.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode? mode = null)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new ArtifactException("\"\"", "an empty output path");
        }

        var followed = FileIdentity.Of(path);
        if (followed.Kind == FileKind.Directory)
        {
            throw new ArtifactException(path, "is a directory");
        }

        if (DescriptorPath().Match(followed.FullPath) is { Success: true } descriptor)
        {
            WriteToDescriptor(path, descriptor, content, followed.Kind);
            return;
        }

        if (followed.Kind is FileKind.CharacterDevice or FileKind.BlockDevice or FileKind.Fifo or FileKind.Socket)
        {
            WriteInPlace(path, content, truncate: false);
            return;
        }

        ReplaceAtomically(path, FinalTarget(path), content, mode);
    }

    /// <summary>
    /// Writes every artifact into <paramref name="directory"/> (created when missing), or none: they are staged in
    /// a private hidden directory beside them and moved in; on any failure the files already moved are taken back
    /// and replaced files restored, so the directory is as it was. Private artifacts are mode 0600.
    /// </summary>
    public static void WriteSet(string directory, IReadOnlyList<Artifact> artifacts)
    {
        if (string.IsNullOrEmpty(directory))
        {
            throw new ArtifactException("\"\"", "an empty output directory path");
        }

        var full = Path.GetFullPath(directory);
        var created = CreateDirectoryIfMissing(directory, full);
        var staging = NewTemporaryPath(full);
        var placed = new List<(string Target, string? Replaced, bool Moved)>();
        var committed = false;
        try
        {
            CreatePrivateDirectory(staging);
            var replaced = Path.Combine(staging, ReplacedFolder);
            CreatePrivateDirectory(replaced);
            foreach (var artifact in artifacts)
            {
                var target = Path.Combine(full, artifact.Name);
                WriteNew(Path.Combine(staging, artifact.Name), artifact.Content, artifact.Private ? PrivateMode : ModeOf(target), FileIdentity.OwnerOf(target));
            }

            foreach (var artifact in artifacts)
            {
                var target = Path.Combine(full, artifact.Name);
                string? previous = null;
                if (FileIdentity.Of(target, followLinks: false).Kind is FileKind.Regular or FileKind.SymbolicLink)
                {
                    previous = Path.Combine(replaced, artifact.Name);
                    File.Move(target, previous);
                }

                placed.Add((target, previous, false));
                File.Move(Path.Combine(staging, artifact.Name), target);
                placed[^1] = (target, previous, true);
            }

            committed = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure(directory, ex);
        }
        finally
        {
            // A replaced file that could not be restored stays in the staging directory rather than being lost.
            if (committed || RollBack(placed))
            {
                DeleteQuietly(staging);
            }

            InUse.TryRemove(staging, out _);
            if (!committed && created)
            {
                RemoveEmptyDirectory(full);
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="directory"/> hold exactly <paramref name="artifacts"/> (names may contain <c>/</c> for
    /// subfolders), all at once: they are written into a hidden staging directory beside it, which is renamed into
    /// place. An existing directory of that name is renamed into the staging directory first and deleted once the new
    /// one is in; the caller decides beforehand whether it may be replaced. On any failure the directory is as it was
    /// and the staging directory is gone (if the old directory could not be moved back, it stays in the staging
    /// directory's <c>replaced</c> folder for the user to recover, and the next run leaves it alone). A symbolic link
    /// to a directory is followed: the link stays and its target is replaced.
    /// </summary>
    public static void WriteDirectory(string directory, IReadOnlyList<Artifact> artifacts)
    {
        if (string.IsNullOrEmpty(directory))
        {
            throw new ArtifactException("\"\"", "an empty output directory path");
        }

        var target = FinalTarget(directory);
        var parent = Path.GetDirectoryName(target);
        if (parent is null || FileIdentity.Of(parent).Kind != FileKind.Directory)
        {
            throw new ArtifactException(directory, "the parent directory does not exist");
        }

        var existing = FileIdentity.Of(target, followLinks: false).Kind;
        if (existing is not (FileKind.Missing or FileKind.Directory))
        {
            throw new ArtifactException(directory, "exists and is not a directory");
        }

        var staging = NewTemporaryPath(parent);
        var replaced = Path.Combine(staging, ReplacedFolder);
        var movedAside = false;
        var committed = false;
        try
        {
            CreatePrivateDirectory(staging);
            var fresh = Path.Combine(staging, "new");
            Directory.CreateDirectory(fresh);
            foreach (var artifact in artifacts)
            {
                var path = Path.Combine(fresh, artifact.Name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                WriteNew(path, artifact.Content, artifact.Private ? PrivateMode : null, owner: null);
            }

            if (existing == FileKind.Directory)
            {
                Directory.Move(target, replaced);
                movedAside = true;
            }

            Directory.Move(fresh, target);
            committed = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure(directory, ex);
        }
        finally
        {
            var restored = committed || !movedAside || TryMove(replaced, target);
            if (restored)
            {
                DeleteQuietly(staging);
            }

            InUse.TryRemove(staging, out _);
        }
    }

    private static bool TryMove(string from, string to)
    {
        try
        {
            Directory.Move(from, to);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void ReplaceAtomically(string path, string target, ReadOnlySpan<byte> content, UnixFileMode? mode)
    {
        var directory = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(directory))
        {
            throw new ArtifactException(path, "output directory does not exist");
        }

        var exact = mode ?? ModeOf(target);
        var temporary = NewTemporaryPath(directory);
        var committed = false;
        try
        {
            WriteNew(temporary, content, exact, FileIdentity.OwnerOf(target));
            File.Move(temporary, target, overwrite: true);
            committed = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure(path, ex);
        }
        finally
        {
            if (!committed)
            {
                DeleteQuietly(temporary);
            }

            InUse.TryRemove(temporary, out _);
        }
    }

    /// <summary>
    /// Creates <paramref name="path"/> (which must not exist) holding <paramref name="content"/>, synced to disk. The
    /// <paramref name="owner"/> of the file it replaces is kept where the process may give it (root rewriting a
    /// user's file); otherwise the new file is the writer's, as with any editor.
    /// </summary>
    private static void WriteNew(string path, ReadOnlySpan<byte> content, UnixFileMode? exact, (uint User, uint Group)? owner)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // An exact mode is set once the file is ours; until then nobody else may read it.
            options.UnixCreateMode = exact is null ? NewFileMode : PrivateMode;
        }

        using var stream = new FileStream(path, options);
        if (owner is { } previous)
        {
            // Before the mode: a change of owner clears set-user-ID and set-group-ID bits.
            FileIdentityNative.TryChangeOwner(stream.SafeFileHandle, previous.User, previous.Group);
        }

        if (exact is { } fileMode && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(stream.SafeFileHandle, fileMode);
        }

        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// A path naming an open descriptor (<c>/dev/stdout</c>, <c>/dev/fd/N</c>, <c>/proc/self/fd/N</c>). This process's
    /// standard output and error are written through their own descriptor, so a shell's <c>&gt;&gt; log</c> appends
    /// and <c>&gt; file</c> continues where the process is, exactly as if no <c>-o</c> were given; any other
    /// descriptor path is opened and written in place (a regular file behind it truncated first, as <c>&gt;</c> does).
    /// </summary>
    private static void WriteToDescriptor(string path, Match descriptor, ReadOnlySpan<byte> content, FileKind kind)
    {
        var owner = descriptor.Groups["pid"].Value;
        var ours = owner is "" or "self" or "thread-self" || owner == Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var number = descriptor.Groups["name"].Value switch
        {
            "stdout" => "1",
            "stderr" => "2",
            "stdin" => "0",
            _ => descriptor.Groups["fd"].Value,
        };
        if (ours && number == "0")
        {
            // Writing into the pipe this process reads from would fill it and block for ever.
            throw new ArtifactException(path, "is standard input, not an output");
        }

        if (!ours || number is not ("1" or "2"))
        {
            WriteInPlace(path, content, truncate: kind == FileKind.Regular);
            return;
        }

        try
        {
            using var stream = number == "1" ? Console.OpenStandardOutput() : Console.OpenStandardError();
            stream.Write(content);
            stream.Flush();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure(path, ex);
        }
    }

    private static void WriteInPlace(string path, ReadOnlySpan<byte> content, bool truncate)
    {
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Write, Share = FileShare.ReadWrite, BufferSize = 0 };
            using var stream = new FileStream(path, options);
            if (truncate)
            {
                stream.SetLength(0);
            }

            stream.Write(content);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure(path, ex);
        }
    }

    /// <summary>The mode of an existing regular file, which its replacement keeps; null for anything else.</summary>
    private static UnixFileMode? ModeOf(string path) =>
        !OperatingSystem.IsWindows() && FileIdentity.Of(path, followLinks: false).Kind == FileKind.Regular ? File.GetUnixFileMode(path) : null;

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, PrivateDirectoryMode);
        }
    }

    /// <summary>The full path a chain of symbolic links ends at (which may not exist yet); <paramref name="path"/>'s own when it is no link.</summary>
    public static string FinalTarget(string path)
    {
        var current = Path.GetFullPath(path);
        for (var hop = 0; hop < MaxLinkHops; hop++)
        {
            var link = new FileInfo(current).LinkTarget;
            if (link is null)
            {
                return current;
            }

            current = Path.GetFullPath(link, Path.GetDirectoryName(current)!);
        }

        throw new ArtifactException(path, "too many levels of symbolic links");
    }

    private static bool CreateDirectoryIfMissing(string directory, string full)
    {
        switch (FileIdentity.Of(full).Kind)
        {
            case FileKind.Directory:
                return false;
            case FileKind.Missing:
                try
                {
                    Directory.CreateDirectory(full);
                    return true;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new ArtifactException(directory, "cannot create the directory: " + Reason(ex));
                }

            default:
                throw new ArtifactException(directory, "cannot create the directory: a file of that name exists");
        }
    }

    /// <summary>A fresh hidden temporary path in <paramref name="directory"/>, registered as in use; stale ones are cleaned first.</summary>
    private static string NewTemporaryPath(string directory)
    {
        RemoveStaleTemporaries(directory);
        var name = string.Create(CultureInfo.InvariantCulture, $".talguard-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.tmp");
        var path = Path.Combine(directory, name);
        InUse[path] = 0;
        return path;
    }

    /// <summary>
    /// Deletes temporary files and staging directories of Talguard's naming whose process is gone (a kill -9 or a
    /// power cut), or that carry this process's ID but are not in use by it (a reused ID, as in containers).
    /// </summary>
    private static void RemoveStaleTemporaries(string directory)
    {
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFileSystemEntries(directory, ".talguard-*.tmp").ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var candidate in candidates)
        {
            var match = TemporaryName().Match(Path.GetFileName(candidate));
            if (!match.Success || InUse.ContainsKey(candidate)
                || !int.TryParse(match.Groups["pid"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var owner)
                || (owner != Environment.ProcessId && IsAlive(owner))
                || HoldsReplacedFiles(candidate))
            {
                continue;
            }

            DeleteQuietly(candidate);
        }
    }

    /// <summary>
    /// A key-set staging directory whose run was killed while moving files in still holds the files it replaced;
    /// they are the user's previous keys, so it is left for the user to recover rather than deleted.
    /// </summary>
    private static bool HoldsReplacedFiles(string path)
    {
        var replaced = Path.Combine(path, ReplacedFolder);
        return FileIdentity.Of(path, followLinks: false).Kind == FileKind.Directory && Directory.Exists(replaced) && Directory.EnumerateFileSystemEntries(replaced).Any();
    }

    /// <summary>Whether process <paramref name="pid"/> may still be writing; outside Linux it is assumed to be.</summary>
    private static bool IsAlive(int pid) => !OperatingSystem.IsLinux() || Directory.Exists(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}"));

    /// <summary>Takes back what a failed <see cref="WriteSet"/> moved in; false when a replaced file could not be restored.</summary>
    private static bool RollBack(List<(string Target, string? Replaced, bool Moved)> placed)
    {
        var restored = true;
        for (var i = placed.Count - 1; i >= 0; i--)
        {
            var (target, replaced, moved) = placed[i];
            try
            {
                if (moved)
                {
                    File.Delete(target);
                }

                if (replaced is not null)
                {
                    File.Move(replaced, target);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                restored = replaced is null && restored;
            }
        }

        return restored;
    }

    private static void RemoveEmptyDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Something else was written there meanwhile; it is not ours to delete.
        }
    }

    /// <summary>Deletes a file, a symbolic link or (recursively) a real directory; a failure leaves it for the next run.</summary>
    private static void DeleteQuietly(string path)
    {
        try
        {
            if (FileIdentity.Of(path, followLinks: false).Kind == FileKind.Directory)
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done here; a temporary of ours is removed by the next write into this directory.
        }
    }

    private static ArtifactException Failure(string path, Exception ex) => new(path, "cannot write: " + Reason(ex));

    private static string Reason(Exception ex) => ex switch
    {
        UnauthorizedAccessException => "permission denied",
        PathTooLongException => "file name too long",
        DirectoryNotFoundException => "directory does not exist",
        FileNotFoundException => "no such file or directory (the file system does not allow creating it)",
        IOException { HResult: > 0 and < 4096 } io => Marshal.GetPInvokeErrorMessage(io.HResult).ToLowerInvariant(),
        _ => ex.Message.Split('\n')[0].Trim(),
    };

    [GeneratedRegex(@"^\.talguard-(?<pid>[0-9]{1,10})-[0-9a-f]{8}\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex TemporaryName();

    [GeneratedRegex(@"^/(?:dev/(?:(?<name>stdin|stdout|stderr)|fd/(?<fd>[0-9]+))|proc/(?<pid>self|thread-self|[0-9]+)(?:/task/[0-9]+)?/fd/(?<fd>[0-9]+))$", RegexOptions.CultureInvariant)]
    private static partial Regex DescriptorPath();
}
