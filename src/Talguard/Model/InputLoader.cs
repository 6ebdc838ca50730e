using System.Text;

namespace Talguard.Model;

/// <summary>
/// Loads the files and directories named on the command line: directories recursively
/// (<c>*.yaml</c>/<c>*.yml</c>, hidden folders skipped), <c>-</c> for standard input.
/// Every failure is an <see cref="InputException"/> naming the file.
/// </summary>
public static class InputLoader
{
    /// <summary>Files above this size are refused rather than parsed; far above any real config set.</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    public const string StandardInputName = "-";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="paths">Paths as the user gave them.</param>
    /// <param name="standardInput">Opened only when a path is <c>-</c>.</param>
    /// <param name="baseDirectory">Directory relative paths are resolved against (the process's current directory when null).</param>
    public static List<SourceFile> Load(IEnumerable<string> paths, Func<Stream>? standardInput = null, string? baseDirectory = null)
    {
        var files = new List<SourceFile>();
        foreach (var path in paths)
        {
            if (path == StandardInputName)
            {
                using var stream = standardInput?.Invoke() ?? throw new InputException(StandardInputName, "standard input is not available");
                files.Add(Parse(StandardInputName, null, ReadAll(StandardInputName, stream)));
                continue;
            }

            var full = Path.GetFullPath(path, baseDirectory ?? Directory.GetCurrentDirectory());
            if (Directory.Exists(full))
            {
                foreach (var (display, file) in EnumerateYaml(path, full))
                {
                    var loaded = LoadFile(display, file);
                    if (loaded.Documents.Any(d => d.Class != DocumentClass.Unknown && d.Class != DocumentClass.Empty))
                    {
                        files.Add(loaded);
                    }
                }
            }
            else if (File.Exists(full))
            {
                var loaded = LoadFile(Normalize(path), full);
                RequireRecognised(loaded);
                files.Add(loaded);
            }
            else
            {
                throw new InputException(Normalize(path), "no such file or directory");
            }
        }

        return files;
    }

    /// <summary>Parses text already in memory (tests, generated inputs).</summary>
    public static SourceFile Parse(string displayPath, string? fullPath, string text)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new InputException(displayPath, "binary file (contains NUL bytes), not YAML");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InputException(displayPath, "empty file");
        }

        var file = new SourceFile(displayPath, fullPath);
        using var reader = new StringReader(text);
        foreach (var parsed in YamlStreamReader.Read(displayPath, reader))
        {
            file.Add(new LocatedDocument(file, parsed));
        }

        if (file.Documents.All(d => d.Class == DocumentClass.Empty))
        {
            throw new InputException(displayPath, "no YAML documents (only comments or separators)");
        }

        return file;
    }

    private static void RequireRecognised(SourceFile file)
    {
        var unknown = file.Documents.FirstOrDefault(d => d.Class == DocumentClass.Unknown);
        if (unknown is not null && file.Documents.All(d => d.Class is DocumentClass.Unknown or DocumentClass.Empty))
        {
            throw new InputException(file.DisplayPath, unknown.Start.Line,
                "not a Talos config, Kubernetes object, talosconfig or secrets bundle (no version/apiVersion/kind)");
        }
    }

    private static SourceFile LoadFile(string display, string full)
    {
        try
        {
            var info = new FileInfo(full);
            if (info.Length > MaxFileBytes)
            {
                throw new InputException(display, $"file is larger than {MaxFileBytes / (1024 * 1024)} MiB");
            }

            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            return Parse(display, full, ReadAll(display, stream));
        }
        catch (UnauthorizedAccessException)
        {
            throw new InputException(display, "permission denied");
        }
        catch (IOException ex) when (ex is not FileNotFoundException)
        {
            throw new InputException(display, "cannot read: " + ex.GetType().Name.Replace("Exception", string.Empty, StringComparison.Ordinal));
        }
        catch (FileNotFoundException)
        {
            throw new InputException(display, "no such file or directory");
        }
    }

    private static string ReadAll(string display, Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.IndexOf((byte)0) >= 0)
        {
            throw new InputException(display, "binary file (contains NUL bytes), not YAML");
        }

        if (bytes.StartsWith("\xEF\xBB\xBF"u8))
        {
            bytes = bytes[3..];
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new InputException(display, "not UTF-8 text");
        }
    }

    private static IEnumerable<(string Display, string Full)> EnumerateYaml(string given, string root)
    {
        var prefix = Normalize(given).TrimEnd('/');
        var pending = new Stack<string>();
        pending.Push(root);
        var found = new List<(string, string)>();
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            IEnumerable<string> entries;
            try
            {
                entries = Directory.EnumerateFileSystemEntries(directory);
            }
            catch (UnauthorizedAccessException)
            {
                throw new InputException(Join(prefix, Path.GetRelativePath(root, directory)), "permission denied");
            }

            foreach (var entry in entries)
            {
                var name = Path.GetFileName(entry);
                if (name.StartsWith('.'))
                {
                    continue;
                }

                if (Directory.Exists(entry))
                {
                    pending.Push(entry);
                }
                else if (name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                {
                    found.Add((Join(prefix, Path.GetRelativePath(root, entry)), entry));
                }
            }
        }

        found.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return found;
    }

    private static string Join(string prefix, string relative)
    {
        var rel = Normalize(relative);
        if (rel == ".")
        {
            return prefix;
        }

        return prefix.Length == 0 || prefix == "." ? rel : prefix + "/" + rel;
    }

    private static string Normalize(string path)
    {
        var text = path.Replace('\\', '/');
        while (text.StartsWith("./", StringComparison.Ordinal) && text.Length > 2)
        {
            text = text[2..];
        }

        return text;
    }
}
