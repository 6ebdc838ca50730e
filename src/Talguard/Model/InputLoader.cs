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
    public static List<SourceFile> Load(IEnumerable<string> paths, Func<Stream>? standardInput = null, string? baseDirectory = null) =>
        List(paths, standardInput, baseDirectory).Parse();

    /// <summary>
    /// The files a <see cref="Load"/> of <paramref name="paths"/> reads, listed (and standard input read) but not yet
    /// parsed, so a caller can size what parsing them needs. A path that cannot be opened or listed becomes a
    /// failed input at its place, and nothing after it is listed, since a one-by-one load would stop there.
    /// </summary>
    public static InputSet List(IEnumerable<string> paths, Func<Stream>? standardInput = null, string? baseDirectory = null)
    {
        var inputs = new List<PendingInput>();
        try
        {
            foreach (var path in paths)
            {
                if (path == StandardInputName)
                {
                    using var stream = standardInput?.Invoke() ?? throw new InputException(StandardInputName, "standard input is not available");
                    var text = ReadAll(StandardInputName, stream);
                    inputs.Add(new PendingInput(StandardInputName, null, text, FromDirectory: false, text.Length));
                    continue;
                }

                var full = Path.GetFullPath(path, baseDirectory ?? Directory.GetCurrentDirectory());
                if (Directory.Exists(full))
                {
                    inputs.AddRange(EnumerateYaml(path, full).Select(f => new PendingInput(f.Display, f.Full, null, FromDirectory: true, SizeOf(f.Full))));
                }
                else if (File.Exists(full))
                {
                    inputs.Add(new PendingInput(Normalize(path), full, null, FromDirectory: false, SizeOf(full)));
                }
                else
                {
                    throw new InputException(Normalize(path), "no such file or directory");
                }
            }
        }
        catch (InputException ex)
        {
            inputs.Add(new PendingInput(ex.File, null, null, FromDirectory: false, 0) { Failure = ex });
        }

        return new InputSet(inputs);
    }

    /// <summary>
    /// Parses the files side by side; the result, and the error reported when several inputs are bad (the first in
    /// command-line and directory order), are those of a one-by-one load.
    /// </summary>
    internal static List<SourceFile> Parse(IReadOnlyList<PendingInput> inputs)
    {
        var pool = new ScalarPool();
        var loaded = new SourceFile?[inputs.Count];
        var failures = new Exception?[inputs.Count];
        Parallel.For(0, inputs.Count, i =>
        {
            var input = inputs[i];
            try
            {
                loaded[i] = input.Failure is not null ? null
                    : input.Text is not null ? Parse(input.Display, null, input.Text, pool)
                    : LoadFile(input.Display, input.Full!, pool);
            }
            catch (InputException ex)
            {
                failures[i] = ex;
            }
        });

        var files = new List<SourceFile>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            if ((inputs[i].Failure ?? failures[i]) is { } failure)
            {
                throw failure;
            }

            var file = loaded[i]!;
            if (!inputs[i].FromDirectory)
            {
                RequireRecognised(file);
                files.Add(file);
            }
            else if (file.Documents.Any(d => d.Class != DocumentClass.Unknown && d.Class != DocumentClass.Empty))
            {
                files.Add(file);
            }
        }

        return files;
    }

    /// <summary>The size a listed file had; 0 when it cannot be read now (parsing it reports why, with the file named).</summary>
    private static long SizeOf(string full)
    {
        try
        {
            return new FileInfo(full).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>Parses text already in memory (tests, generated inputs).</summary>
    public static SourceFile Parse(string displayPath, string? fullPath, string text) => Parse(displayPath, fullPath, text, null);

    private static SourceFile Parse(string displayPath, string? fullPath, string text, ScalarPool? pool)
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
        foreach (var parsed in YamlStreamReader.Read(displayPath, reader, pool))
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

    private static SourceFile LoadFile(string display, string full, ScalarPool pool)
    {
        try
        {
            var info = new FileInfo(full);
            if (info.Length > MaxFileBytes)
            {
                throw new InputException(display, $"file is larger than {MaxFileBytes / (1024 * 1024)} MiB");
            }

            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            return Parse(display, full, ReadAll(display, stream), pool);
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
        if (stream.CanSeek)
        {
            // A regular file: read into an array of its size rather than through a growing buffer.
            var content = new byte[stream.Length];
            var read = stream.ReadAtLeast(content, content.Length, throwOnEndOfStream: false);
            return Decode(display, content.AsSpan(0, read));
        }

        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Decode(display, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static string Decode(string display, Span<byte> bytes)
    {
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

/// <summary>The inputs of one load, listed and not yet parsed: see <see cref="InputLoader.List"/>.</summary>
public sealed class InputSet
{
    private readonly IReadOnlyList<PendingInput> _inputs;

    internal InputSet(IReadOnlyList<PendingInput> inputs)
    {
        _inputs = inputs;
        Bytes = inputs.Sum(i => i.Bytes);
    }

    /// <summary>Bytes of all the inputs (characters for standard input), as listed.</summary>
    public long Bytes { get; }

    /// <summary>Parses every input: see <see cref="InputLoader.Load"/>.</summary>
    public List<SourceFile> Parse() => InputLoader.Parse(_inputs);
}

/// <summary>One input file to parse: on disk (<see cref="Full"/>) or already read (<see cref="Text"/>, standard input).</summary>
internal sealed record PendingInput(string Display, string? Full, string? Text, bool FromDirectory, long Bytes)
{
    /// <summary>Why this input could not even be opened or listed.</summary>
    public InputException? Failure { get; init; }
}
