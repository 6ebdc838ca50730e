namespace Talguard.Model;

/// <summary>
/// Reads a whole input with a size limit that holds whatever <c>stat</c> says: devices and <c>/proc</c> files report
/// 0 bytes and pipes report nothing, so the limit is enforced on the bytes actually read (at most one past it).
/// Every failure is an <see cref="InputException"/> naming the input.
/// </summary>
public static class BoundedFile
{
    private const int FirstBuffer = 64 * 1024;

    /// <summary>Opens <paramref name="path"/> (a FIFO blocks until it has a writer, as with <c>cat</c>) and reads it whole.</summary>
    /// <param name="display">The name errors give the input.</param>
    /// <param name="limit">Most bytes accepted.</param>
    /// <param name="yaml">Stop at the first NUL byte, unless the data starts with a UTF-16 byte-order mark: YAML text never holds one.</param>
    public static byte[] ReadAllBytes(string display, string path, long limit, bool yaml = false)
    {
        var (buffer, length) = Read(display, path, limit, yaml);
        return buffer.Length == length ? buffer : buffer[..length];
    }

    /// <summary>Reads <paramref name="stream"/> to its end; see <see cref="ReadAllBytes(string, string, long, bool)"/>.</summary>
    public static byte[] ReadAllBytes(string display, Stream stream, long limit, bool yaml = false)
    {
        var (buffer, length) = Read(display, stream, limit, 0, yaml);
        return buffer.Length == length ? buffer : buffer[..length];
    }

    /// <summary>The bytes of <paramref name="path"/> in a buffer that may be longer than what was read.</summary>
    internal static (byte[] Buffer, int Length) Read(string display, string path, long limit, bool yaml)
    {
        if (path.Length == 0)
        {
            // FileStream refuses "" with an ArgumentException, which would surface as an internal error.
            throw new InputException("empty path (\"\") given as an input");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            return Read(display, stream, limit, stream.CanSeek ? stream.Length : 0, yaml);
        }
        catch (UnauthorizedAccessException)
        {
            throw new InputException(display, Directory.Exists(path) ? "is a directory" : "permission denied");
        }
        catch (FileNotFoundException)
        {
            throw new InputException(display, "no such file or directory");
        }
        catch (DirectoryNotFoundException)
        {
            throw new InputException(display, "no such file or directory");
        }
        catch (IOException ex)
        {
            throw new InputException(display, "cannot read: " + OneLine(ex.Message));
        }
    }

    /// <param name="sizeHint">What <c>stat</c> said (0 when unknown): only sizes the first buffer.</param>
    internal static (byte[] Buffer, int Length) Read(string display, Stream stream, long limit, long sizeHint, bool yaml)
    {
        var cap = (int)Math.Min(limit + 1, Array.MaxLength);
        if (sizeHint > limit)
        {
            throw new InputException(display, $"larger than {Describe(limit)}");
        }

        var buffer = Array.Empty<byte>();
        var length = 0;
        try
        {
            buffer = new byte[(int)Math.Min(sizeHint > 0 ? sizeHint + 1 : FirstBuffer, cap)];
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length == cap)
                    {
                        throw new InputException(display, $"larger than {Describe(limit)}");
                    }

                    Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, cap));
                }

                var read = stream.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    return (buffer, length);
                }

                if (yaml && buffer.AsSpan(length, read).Contains((byte)0) && !StartsWithUtf16Mark(buffer.AsSpan(0, length + read)))
                {
                    throw new InputException(display, "binary file (contains NUL bytes), not YAML");
                }

                length += read;
            }
        }
        catch (OutOfMemoryException)
        {
            throw new InputException(display, $"not enough memory to read {Describe(length)}");
        }
        catch (IOException ex)
        {
            throw new InputException(display, "cannot read: " + OneLine(ex.Message));
        }
        catch (UnauthorizedAccessException)
        {
            throw new InputException(display, "permission denied");
        }
        catch (NotSupportedException)
        {
            throw new InputException(display, "cannot be read");
        }
    }

    internal static bool StartsWithUtf16Mark(ReadOnlySpan<byte> bytes) => bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);

    private static string Describe(long bytes) =>
        bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB"
        : bytes >= 1024 && bytes % 1024 == 0 ? $"{bytes / 1024} KiB"
        : $"{bytes} bytes";

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
