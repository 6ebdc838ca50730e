using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Talguard.Artifacts;

/// <summary>The kind of file a path names, as <c>statx</c> reports it.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Socket,
    SymbolicLink,
}

/// <summary>
/// A file's real identity (device and inode), so that two paths naming one file are recognised whatever
/// symbolic or hard links lie between them. Read with <c>statx</c> through libc: its buffer has the same
/// layout on every Linux architecture, unlike <c>struct stat</c>. Without it the resolved full path stands in.
/// </summary>
public readonly record struct FileIdentity(FileKind Kind, ulong Device, ulong Inode, string FullPath)
{
    public bool Exists => Kind != FileKind.Missing;

    /// <summary>The identity of <paramref name="path"/>, following symbolic links unless <paramref name="followLinks"/> is false.</summary>
    public static FileIdentity Of(string path, bool followLinks = true)
    {
        var full = Path.GetFullPath(path);
        if (!FileIdentityNative.Available)
        {
            return Portable(full, followLinks);
        }

        const int CurrentDirectory = -100;
        const int NoFollow = 0x100;
        const uint BasicStats = 0x7ff;
        if (FileIdentityNative.Statx(CurrentDirectory, full, followLinks ? 0 : NoFollow, BasicStats, out var status) != 0)
        {
            // A file that exists but cannot be examined (statx refused by an old kernel or a seccomp filter) is
            // never taken for a missing one, which would be replaced.
            return Portable(full, followLinks);
        }

        var device = ((ulong)status.DeviceMajor << 32) | status.DeviceMinor;
        return new FileIdentity(KindOf(status.Mode), device, status.Inode, full);
    }

    /// <summary>The owner and group of an existing file (a final symbolic link not followed); null when unknown.</summary>
    public static (uint User, uint Group)? OwnerOf(string path)
    {
        const int CurrentDirectory = -100;
        const int NoFollow = 0x100;
        const uint BasicStats = 0x7ff;
        return FileIdentityNative.Available && FileIdentityNative.Statx(CurrentDirectory, Path.GetFullPath(path), NoFollow, BasicStats, out var status) == 0
            ? (status.User, status.Group)
            : null;
    }

    /// <summary>True when both name the same existing file.</summary>
    public bool SameFileAs(FileIdentity other) =>
        Exists && other.Exists && (FileIdentityNative.Available ? Device == other.Device && Inode == other.Inode : string.Equals(FullPath, other.FullPath, StringComparison.Ordinal));

    private static FileKind KindOf(ushort mode) => (mode & 0xF000) switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        0x1000 => FileKind.Fifo,
        0xC000 => FileKind.Socket,
        0xA000 => FileKind.SymbolicLink,
        _ => FileKind.Regular,
    };

    private static FileIdentity Portable(string full, bool followLinks)
    {
        FileSystemInfo info = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
        if (followLinks && info.LinkTarget is not null)
        {
            info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
        }

        // Without statx a device cannot be told from a file; anything under /dev is written in place, never replaced.
        var kind = !info.Exists ? FileKind.Missing
            : info.LinkTarget is not null ? FileKind.SymbolicLink
            : info is DirectoryInfo ? FileKind.Directory
            : info.FullName.StartsWith("/dev/", StringComparison.Ordinal) ? FileKind.CharacterDevice
            : FileKind.Regular;
        return new FileIdentity(kind, 0, 0, info.FullName);
    }
}

/// <summary>The fields of Linux's <c>struct statx</c> that <see cref="FileIdentity"/> reads.</summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct StatxBuffer
{
    [FieldOffset(20)]
    public uint User;

    [FieldOffset(24)]
    public uint Group;

    [FieldOffset(28)]
    public ushort Mode;

    [FieldOffset(32)]
    public ulong Inode;

    [FieldOffset(136)]
    public uint DeviceMajor;

    [FieldOffset(140)]
    public uint DeviceMinor;
}

/// <summary>
/// <c>statx</c>, looked up among the symbols the process already has (libc is linked into every .NET host and
/// native binary), so it binds the same under the JIT and Native AOT, with glibc (2.28+) and musl (1.2.5+).
/// </summary>
internal static unsafe class FileIdentityNative
{
    private static readonly delegate* unmanaged<int, byte*, int, uint, StatxBuffer*, int> StatxFunction = Find();

    private static readonly delegate* unmanaged<int, uint, uint, int> ChangeOwnerFunction = (delegate* unmanaged<int, uint, uint, int>)Export("fchown");

    public static bool Available => StatxFunction != null;

    public static int Statx(int directory, string path, int flags, uint mask, out StatxBuffer buffer)
    {
        var utf8 = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, utf8);
        fixed (byte* name = utf8)
        fixed (StatxBuffer* result = &buffer)
        {
            return StatxFunction(directory, name, flags, mask, result);
        }
    }

    /// <summary>Gives an open file an owner and group (<c>fchown</c>); false when that is not allowed, as for anyone but root.</summary>
    public static bool TryChangeOwner(SafeFileHandle file, uint user, uint group)
    {
        if (ChangeOwnerFunction == null)
        {
            return false;
        }

        var referenced = false;
        try
        {
            file.DangerousAddRef(ref referenced);
            return ChangeOwnerFunction((int)file.DangerousGetHandle(), user, group) == 0;
        }
        finally
        {
            if (referenced)
            {
                file.DangerousRelease();
            }
        }
    }

    private static delegate* unmanaged<int, byte*, int, uint, StatxBuffer*, int> Find() =>
        (delegate* unmanaged<int, byte*, int, uint, StatxBuffer*, int>)Export("statx");

    private static IntPtr Export(string name) =>
        OperatingSystem.IsLinux() && NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), name, out var address) ? address : IntPtr.Zero;
}
