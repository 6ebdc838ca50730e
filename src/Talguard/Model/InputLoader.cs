using System.Text;
using Talguard.Findings;

namespace Talguard.Model;

/// <summary>
/// Loads the files and directories named on the command line: directories recursively
/// (<c>*.yaml</c>/<c>*.yml</c>, hidden folders skipped, each real directory and file once however many links
/// reach it, and each file once across all the paths), <c>-</c> for standard input. Every input is read with a size
/// limit; every failure is an <see cref="InputException"/> naming the file, thrown by <c>Load</c> and collected, file
/// by file beside the files that loaded, by <c>InputSet.Load</c>.
/// </summary>
public static class InputLoader
{
    /// <summary>Inputs above this size are refused rather than parsed; far above any real config set.</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    public const string StandardInputName = "-";

    private const string NoYamlUnder = "no Talos or Kubernetes YAML under it (*.yaml, *.yml)";
    private const string ByteOrderMark = "\uFEFF";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly UnicodeEncoding StrictUtf16LittleEndian = new(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
    private static readonly UnicodeEncoding StrictUtf16BigEndian = new(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);

    /// <param name="paths">Paths as the user gave them.</param>
    /// <param name="standardInput">Opened only when a path is <c>-</c>.</param>
    /// <param name="baseDirectory">Directory relative paths are resolved against (the process's current directory when null).</param>
    public static List<SourceFile> Load(IEnumerable<string> paths, Func<Stream>? standardInput = null, string? baseDirectory = null) =>
        List(paths, standardInput, baseDirectory).Parse();

    /// <summary>
    /// The files a <see cref="Load"/> of <paramref name="paths"/> reads, listed (and standard input read) but not yet
    /// parsed, so a caller can size what parsing them needs. A path that cannot be opened or listed becomes a
    /// failed input at its place and the others are still listed; a usage mistake (an empty path, standard input
    /// named twice) is thrown at once, since no run could mean anything with it.
    /// </summary>
    /// <param name="exclude">
    /// Globs a directory walk skips (see <see cref="PathGlob"/>): matched against each file's and folder's path relative
    /// to the directory given; one without a <c>/</c> also matches a name at any depth. A skipped folder is not entered.
    /// Files named on the command line are always read.
    /// </param>
    public static InputSet List(IEnumerable<string> paths, Func<Stream>? standardInput = null, string? baseDirectory = null, IReadOnlyList<PathGlob>? exclude = null)
    {
        var inputs = new List<PendingInput>();
        var notices = new List<string>();

        // A file reached twice (a directory and a file inside it, or through a link) is scanned once, under the name it was first reached by.
        var listed = new HashSet<FileIdentity>();
        foreach (var path in paths)
        {
            if (path.Length == 0)
            {
                throw new InputException("empty path (\"\") given as an input");
            }

            if (path == StandardInputName && inputs.Any(i => i.Display == StandardInputName))
            {
                throw new InputException(StandardInputName, "standard input named more than once (it can be read only once)");
            }

            try
            {
                ListPath(path, standardInput, baseDirectory, exclude ?? [], inputs, listed, notices);
            }
            catch (InputException ex)
            {
                inputs.Add(PendingInput.Failed(ex));
            }
        }

        return new InputSet(inputs, notices);
    }

    private static void ListPath(string path, Func<Stream>? standardInput, string? baseDirectory, IReadOnlyList<PathGlob> exclude, List<PendingInput> inputs, HashSet<FileIdentity> listed, List<string> notices)
    {
        if (path == StandardInputName)
        {
            var text = ReadStandardInput(standardInput);
            inputs.Add(new PendingInput(StandardInputName, null, text, Directory: null, text.Length));
            return;
        }

        var full = Path.GetFullPath(path, baseDirectory ?? System.IO.Directory.GetCurrentDirectory());
        var display = Normalize(path);
        var (kind, identity) = FileStatus.Of(full);
        switch (kind)
        {
            case FileKind.Directory:
                var unreadable = new List<InputException>();
                var found = EnumerateYaml(path, full, notices, unreadable, exclude);
                if (found.Count == 0 && unreadable.Count == 0)
                {
                    throw new InputException(display, NoYamlUnder);
                }

                inputs.AddRange(found.Where(f => listed.Add(f.Identity)).Select(f => new PendingInput(f.Display, f.Full, null, display, SizeOf(f.Full))));
                inputs.AddRange(unreadable.Select(PendingInput.Failed));
                break;
            case FileKind.Special when full is "/dev/stdin" or "/dev/fd/0" or "/proc/self/fd/0" && FileStatus.StandardInputClosed():
                throw new InputException(display, "standard input is closed");
            case FileKind.Regular when !listed.Add(identity):
                break;
            case FileKind.Regular or FileKind.Special:
                // Named explicitly, a FIFO or device is read as cat would read it (a FIFO waits for its writer).
                inputs.Add(new PendingInput(display, full, null, Directory: null, SizeOf(full)));
                break;
            default:
                throw new InputException(display, "no such file or directory");
        }
    }

    /// <summary>
    /// Parses the files side by side and sorts each into judged, skipped or failed. The outcome, in command-line and
    /// directory order, is that of a one-by-one load; one bad file never hides the others.
    /// </summary>
    internal static LoadedInputs Load(IReadOnlyList<PendingInput> inputs, IProgress<int>? filesLoaded = null)
    {
        var done = 0;
        var pool = new ScalarPool();
        var parsed = new ParsedText?[inputs.Count];
        var failures = new InputException?[inputs.Count];
        Parallel.For(0, inputs.Count, i =>
        {
            var input = inputs[i];
            try
            {
                parsed[i] = input.Failure is not null ? null
                    : input.Text is not null ? ParseText(input.Display, null, input.Text, pool)
                    : LoadFile(input.Display, input.Full!, pool);
            }
            catch (InputException ex)
            {
                failures[i] = ex;
            }
            catch (OutOfMemoryException)
            {
                failures[i] = new InputException(input.Display, "not enough memory to load it");
            }

            filesLoaded?.Report(Interlocked.Increment(ref done));
        });

        var files = new List<SourceFile>(inputs.Count);
        var errors = new List<InputError>();
        var skipped = new List<SkippedInput>();
        var (keptFromDirectory, failedInDirectory) = (0, 0);

        // The patch files a talconfig.yaml names are its project's to read (as talhelper's envsubst leaves them: $$patch is
        // $patch), so they are neither judged a second time on their own nor listed as skipped.
        var talhelperPatches = Talhelper.TalhelperProject.PatchFilesOf(parsed.Where(p => p is not null).Select(p => p!.Value.File));
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var (kept, failed) = (false, false);
            if ((input.Failure ?? failures[i]) is { } failure)
            {
                errors.Add(new InputError(failure.File, failure.Line, failure.Message));
                failed = true;
            }
            else if (parsed[i]!.Value is var (patchFile, _) && patchFile.FullPath is { } patchPath && talhelperPatches.Contains(patchPath))
            {
                kept = true;
            }
            else if (parsed[i]!.Value is var (file, emptiness) && (emptiness ?? InputClassification.NotJudgedReason(file)) is { } reason)
            {
                if (input.Directory is null)
                {
                    errors.Add(new InputError(input.Display, emptiness is null ? FirstUnknownLine(file) : 0, reason));
                }
                else
                {
                    skipped.Add(new SkippedInput(input.Display, reason));
                }
            }
            else
            {
                files.Add(file);
                kept = true;
            }

            if (input.Directory is not { } directory)
            {
                continue;
            }

            keptFromDirectory += kept ? 1 : 0;
            failedInDirectory += failed ? 1 : 0;

            // The last file listed under a directory argument: an argument that gave nothing to scan is an error, not a clean pass.
            if (i + 1 == inputs.Count || !ReferenceEquals(inputs[i + 1].Directory, directory))
            {
                if (keptFromDirectory == 0 && failedInDirectory == 0)
                {
                    errors.Add(new InputError(directory, 0, NoYamlUnder));
                }

                (keptFromDirectory, failedInDirectory) = (0, 0);
            }
        }

        return new LoadedInputs(files, errors, skipped);
    }

    private static int FirstUnknownLine(SourceFile file) =>
        file.Documents.FirstOrDefault(d => d.Class == DocumentClass.Unknown)?.Start.Line ?? 0;

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
    public static SourceFile Parse(string displayPath, string? fullPath, string text)
    {
        var (file, emptiness) = ParseText(displayPath, fullPath, text, null);
        return emptiness is null ? file : throw new InputException(displayPath, emptiness);
    }

    /// <summary>The file's documents, and why it holds none when it is empty (an error when named, a skip in a directory).</summary>
    private static ParsedText ParseText(string displayPath, string? fullPath, string text, ScalarPool? pool)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new InputException(displayPath, "binary file (contains NUL bytes), not YAML");
        }

        var file = new SourceFile(displayPath, fullPath);
        if (string.IsNullOrWhiteSpace(text) || text == ByteOrderMark)
        {
            return new ParsedText(file, "empty file");
        }

        using var reader = new StringReader(text);
        if (text.StartsWith(ByteOrderMark, StringComparison.Ordinal))
        {
            // Go's YAML reader consumes a byte-order mark; text decoded elsewhere may still carry one.
            reader.Read();
        }

        foreach (var document in YamlStreamReader.Read(displayPath, reader, pool))
        {
            file.Add(new LocatedDocument(file, document));
        }

        return new ParsedText(file, file.Documents.All(d => d.Class == DocumentClass.Empty) ? "no YAML documents (only comments or separators)" : null);
    }

    private static string ReadStandardInput(Func<Stream>? standardInput)
    {
        using var stream = standardInput?.Invoke() ?? throw new InputException(StandardInputName, "standard input is not available");
        var (buffer, length) = BoundedFile.Read(StandardInputName, stream, MaxFileBytes, 0, yaml: true);
        try
        {
            return Decode(StandardInputName, buffer.AsSpan(0, length));
        }
        catch (OutOfMemoryException)
        {
            throw new InputException(StandardInputName, "not enough memory to load it");
        }
    }

    private static ParsedText LoadFile(string display, string full, ScalarPool pool)
    {
        var (buffer, length) = BoundedFile.Read(display, full, MaxFileBytes, yaml: true);
        return ParseText(display, full, Decode(display, buffer.AsSpan(0, length)), pool);
    }

    /// <summary>
    /// The text of an input as Go's YAML reader takes it: UTF-8, or UTF-16 when it starts with that byte-order mark;
    /// a leading byte-order mark is consumed.
    /// </summary>
    internal static string Decode(string display, ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> utf8Mark = [0xEF, 0xBB, 0xBF];
        ReadOnlySpan<byte> utf16LittleEndianMark = [0xFF, 0xFE];
        ReadOnlySpan<byte> utf16BigEndianMark = [0xFE, 0xFF];
        try
        {
            if (bytes.StartsWith(utf16LittleEndianMark))
            {
                return StrictUtf16LittleEndian.GetString(bytes[2..]);
            }

            if (bytes.StartsWith(utf16BigEndianMark))
            {
                return StrictUtf16BigEndian.GetString(bytes[2..]);
            }
        }
        catch (DecoderFallbackException)
        {
            throw new InputException(display, "not UTF-16 text (it starts with a UTF-16 byte-order mark)");
        }

        if (bytes.Contains((byte)0))
        {
            throw new InputException(display, "binary file (contains NUL bytes), not YAML");
        }

        if (bytes.StartsWith(utf8Mark))
        {
            bytes = bytes[utf8Mark.Length..];
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

    /// <summary>
    /// The YAML files under <paramref name="root"/>, sorted by the name shown. Each real directory is entered once and
    /// each real file listed once, however many symbolic links (or hard links) reach them: a link back to an
    /// ancestor is a loop, not a deeper tree. Directories reached without a link go first, so a file is shown under
    /// its own name rather than a link's. FIFOs, sockets and devices are never opened: one named like YAML is
    /// skipped with a notice, as is a link that does not resolve.
    /// </summary>
    private static List<(string Display, string Full, FileIdentity Identity)> EnumerateYaml(string given, string root, List<string> notices, List<InputException> unreadable, IReadOnlyList<PathGlob> exclude)
    {
        var prefix = Normalize(given).TrimEnd('/');
        var entered = new HashSet<FileIdentity>();
        var listed = new HashSet<FileIdentity>();
        var direct = new Queue<string>();
        var linked = new Queue<string>();
        direct.Enqueue(root);
        var found = new List<(string, string, FileIdentity)>();
        while (direct.TryDequeue(out var directory) || linked.TryDequeue(out directory))
        {
            var (kind, identity) = FileStatus.Of(directory);
            if (kind != FileKind.Directory || !entered.Add(identity))
            {
                continue;
            }

            string[] entries;
            try
            {
                entries = [.. System.IO.Directory.EnumerateFileSystemEntries(directory)];
            }
            catch (UnauthorizedAccessException)
            {
                unreadable.Add(new InputException(Join(prefix, Path.GetRelativePath(root, directory)), "permission denied"));
                continue;
            }
            catch (IOException)
            {
                // Gone while listed (a process's /proc entries): nothing to read there.
                continue;
            }

            Array.Sort(entries, StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                var name = Path.GetFileName(entry);
                if (name.StartsWith('.') || IsExcluded(exclude, Normalize(Path.GetRelativePath(root, entry)), name))
                {
                    continue;
                }

                var isYaml = name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
                var (entryKind, entryIdentity) = FileStatus.Of(entry);
                switch (entryKind)
                {
                    case FileKind.Directory:
                        (IsLink(entry) ? linked : direct).Enqueue(entry);
                        break;
                    case FileKind.Regular when isYaml && listed.Add(entryIdentity):
                        found.Add((Join(prefix, Path.GetRelativePath(root, entry)), entry, entryIdentity));
                        break;
                    case FileKind.Special when isYaml:
                        notices.Add($"{Join(prefix, Path.GetRelativePath(root, entry))}: skipped: a FIFO, socket or device, not a regular file");
                        break;
                    case FileKind.Unresolved when isYaml:
                        notices.Add($"{Join(prefix, Path.GetRelativePath(root, entry))}: skipped: a symbolic link that does not resolve");
                        break;
                }
            }
        }

        found.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return found;
    }

    private static bool IsExcluded(IReadOnlyList<PathGlob> exclude, string relative, string name) =>
        exclude.Any(glob => glob.IsMatch(relative) || (!glob.Text.Contains('/', StringComparison.Ordinal) && glob.IsMatch(name)));

    private static bool IsLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is not null;
        }
        catch (IOException)
        {
            return true;
        }
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

    internal InputSet(IReadOnlyList<PendingInput> inputs, IReadOnlyList<string> notices)
    {
        _inputs = inputs;
        Notices = notices;
        Bytes = inputs.Sum(i => i.Bytes);
    }

    /// <summary>Bytes of all the inputs (characters for standard input), as listed.</summary>
    public long Bytes { get; }

    /// <summary>What the listing skipped and the user should know (a FIFO or device named like YAML in a directory).</summary>
    public IReadOnlyList<string> Notices { get; }

    /// <summary>How many files there are to parse.</summary>
    public int Count => _inputs.Count;

    /// <summary>Parses every input: see <see cref="InputLoader.Load"/>. The first bad input, in command-line order, is thrown.</summary>
    public List<SourceFile> Parse()
    {
        var loaded = Load();
        return loaded.Errors is [var first, ..] ? throw new InputException(first.File, first.Line, first.Message) : [.. loaded.Files];
    }

    /// <summary>
    /// Parses every input and reports each that could not be read or parsed, and each a directory scan found but
    /// does not judge, beside the files loaded.
    /// </summary>
    public LoadedInputs Load() => InputLoader.Load(_inputs);

    /// <summary>As <see cref="Load()"/>, telling <paramref name="filesLoaded"/> the running count of files done (from worker threads).</summary>
    public LoadedInputs Load(IProgress<int> filesLoaded) => InputLoader.Load(_inputs, filesLoaded);
}

/// <summary>What one load gave: the files to judge, the inputs that failed, and the files a directory scan skipped.</summary>
public sealed record LoadedInputs(IReadOnlyList<SourceFile> Files, IReadOnlyList<InputError> Errors, IReadOnlyList<SkippedInput> Skipped);

/// <summary>A file's documents, and why it has none worth reading (null when it has).</summary>
internal readonly record struct ParsedText(SourceFile File, string? Emptiness);

/// <summary>
/// One input file to parse: on disk (<see cref="Full"/>) or already read (<see cref="Text"/>, standard input);
/// <see cref="Directory"/> is the directory argument it was found under (null when named itself).
/// </summary>
internal sealed record PendingInput(string Display, string? Full, string? Text, string? Directory, long Bytes)
{
    /// <summary>Why this input could not even be opened or listed.</summary>
    public InputException? Failure { get; init; }

    public static PendingInput Failed(InputException failure) => new(failure.File, null, null, Directory: null, 0) { Failure = failure };
}
