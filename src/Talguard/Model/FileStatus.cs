using System.Runtime.InteropServices;
using Talguard.Artifacts;

namespace Talguard.Model;

/// <summary>What a path names, after following symbolic links.</summary>
internal enum FileKind
{
    /// <summary>Nothing there, or a link that cannot be resolved (dangling, looping).</summary>
    Unresolved,
    Regular,
    Directory,

    /// <summary>A FIFO, socket or device: reading one may block or never end.</summary>
    Special,
}

/// <summary>A file's identity on this machine: the same for every path (symbolic link, hard link) that reaches it.</summary>
internal readonly record struct FileIdentity(ulong Device, ulong Inode, string? Path);

/// <summary>
/// <c>statx(2)</c> (the binding <see cref="Artifacts.FileIdentity"/> uses) and <c>fcntl(2)</c> through
/// <see cref="LibraryImportAttribute"/> (AOT-safe). Elsewhere, or where the call is missing or refused, .NET's
/// own view is used: the kind from <see cref="Directory.Exists(string)"/> (which cannot tell a FIFO or device from a
/// file), the identity from the resolved full path.
/// </summary>
internal static partial class FileStatus
{
    private const int AtCurrentDirectory = -100;
    private const uint StatxType = 0x1;
    private const uint StatxInode = 0x100;
    private const int TypeMask = 0xF000;
    private const int RegularType = 0x8000;
    private const int DirectoryType = 0x4000;
    private const int GetDescriptorFlags = 1;
    private const int CloseOnExec = 1;
    private const int NoEntry = 2;
    private const int AccessDenied = 13;
    private const int NotADirectory = 20;
    private const int NameTooLong = 36;
    private const int TooManyLinks = 40;

    private static bool s_statxMissing = !FileIdentityNative.Available;

    /// <summary>The kind and identity of what <paramref name="path"/> reaches, links followed.</summary>
    public static (FileKind Kind, FileIdentity Identity) Of(string path)
    {
        if (!s_statxMissing)
        {
            if (FileIdentityNative.Statx(AtCurrentDirectory, path, 0, StatxType | StatxInode, out var status) != 0)
            {
                if (Marshal.GetLastSystemError() is NoEntry or NotADirectory or TooManyLinks or NameTooLong or AccessDenied)
                {
                    return (FileKind.Unresolved, default);
                }

                // Refused by a sandbox (EPERM) or an old kernel (ENOSYS): statx says nothing about the path.
                s_statxMissing = true;
                return Fallback(path);
            }

            var device = ((ulong)status.DeviceMajor << 32) | status.DeviceMinor;
            var identity = new FileIdentity(device, status.Inode, null);
            return ((status.Mode & TypeMask) switch { RegularType => FileKind.Regular, DirectoryType => FileKind.Directory, _ => FileKind.Special }, identity);
        }

        return Fallback(path);
    }

    /// <summary>
    /// True when standard input was closed when the process started: descriptor 0 is then either not open or one
    /// the runtime opened for itself (close-on-exec set, which no inherited descriptor can have), and reading it
    /// would block forever or read the runtime's own file.
    /// </summary>
    public static bool StandardInputClosed()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var flags = Fcntl(0, GetDescriptorFlags);
        return flags < 0 || (flags & CloseOnExec) != 0;
    }

    private static (FileKind, FileIdentity) Fallback(string path)
    {
        try
        {
            FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
            if (!info.Exists)
            {
                return (FileKind.Unresolved, default);
            }

            var target = info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            return (info is DirectoryInfo ? FileKind.Directory : FileKind.Regular, new FileIdentity(0, 0, Path.GetFullPath(target.FullName)));
        }
        catch (IOException)
        {
            return (FileKind.Unresolved, default);
        }
    }

    [LibraryImport("libc", EntryPoint = "fcntl")]
    private static partial int Fcntl(int descriptor, int command);
}
