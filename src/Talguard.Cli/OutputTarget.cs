namespace Talguard.Cli;

/// <summary>
/// Where a report goes. The report is rendered completely in memory first, so a failure never leaves
/// half a file; files are replaced atomically (temp file + rename).
/// </summary>
public static class OutputTarget
{
    public static void Write(string? path, TextWriter stdout, Action<Stream> render)
    {
        using var buffer = new MemoryStream();
        render(buffer);
        if (string.IsNullOrEmpty(path) || path == "-")
        {
            stdout.Flush();
            var text = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            stdout.Write(text);
            stdout.Flush();
            return;
        }

        WriteFileAtomically(path, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    public static void WriteFileAtomically(string path, ReadOnlySpan<byte> content, UnixFileMode? mode = null)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"{path}: output directory does not exist");
        }

        var temp = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Environment.ProcessId + ".tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = mode ?? (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch (UnauthorizedAccessException)
        {
            File.Delete(temp);
            throw new UsageException($"{path}: permission denied");
        }
    }
}
