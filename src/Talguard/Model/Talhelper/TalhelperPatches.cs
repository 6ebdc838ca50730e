using System.Text;
using System.Text.RegularExpressions;

namespace Talguard.Model.Talhelper;

/// <summary>
/// Loads the patches a talhelper config names, each as a <see cref="SourceFile"/> whose positions are those of the file
/// that holds it: an inline patch keeps its lines and columns in <c>talconfig.yaml</c>, an <c>@file</c> patch is read
/// from disk relative to the talconfig.yaml directory (as talhelper v3.0.7+ resolves it). As talhelper's envsubst turns
/// <c>$$</c> into <c>$</c>, the <c>$$patch</c> users must write reads as Talos's <c>$patch</c>; <c>${VAR}</c>
/// placeholders stay as written. Each file is loaded once, however many nodes or configs name it.
/// </summary>
internal sealed partial class TalhelperPatches
{
    private readonly Dictionary<string, SourceFile?> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<YamlNode, SourceFile?> _inline = [];
    private readonly IReadOnlyDictionary<string, SourceFile> _loaded;
    private readonly Dictionary<TalhelperConfig, string[]?> _sourceLines = [];

    /// <param name="loaded">Files of the run by full path: a patch file the run loaded keeps the name the run shows it under.</param>
    public TalhelperPatches(IReadOnlyDictionary<string, SourceFile> loaded) => _loaded = loaded;

    /// <summary>Every patch file loaded so far, in the order first asked for (empty files excluded).</summary>
    public IEnumerable<SourceFile> Files => _files.Values.OfType<SourceFile>();

    /// <summary>Every inline patch loaded so far (whitespace-only ones excluded).</summary>
    public IEnumerable<SourceFile> InlinePatches => _inline.Values.OfType<SourceFile>();

    /// <summary>The patch as a loaded file; null when it holds nothing (talhelper skips an empty patch file).</summary>
    /// <exception cref="InputException">An <c>@file</c> that does not exist or cannot be read (at the talconfig.yaml line naming it), or a patch that is not YAML.</exception>
    public SourceFile? Load(TalhelperConfig config, PatchReference patch)
    {
        if (!patch.IsFile)
        {
            if (!_inline.TryGetValue(patch.Node, out var inline))
            {
                inline = LoadInline(config, patch.Node);
                _inline[patch.Node] = inline;
            }

            return inline;
        }

        var full = FullPathOf(config, patch.FilePath);
        if (_files.TryGetValue(full, out var known))
        {
            return known;
        }

        var display = _loaded.TryGetValue(full, out var already) ? already.DisplayPath : DisplayOf(config, patch.FilePath);
        if (FileStatus.Of(full).Kind != FileKind.Regular)
        {
            throw new InputException(config.DisplayPath, patch.Node.Start.Line, $"patch file {patch.FilePath} not found (resolved against the directory of {config.DisplayPath})");
        }

        var (buffer, length) = BoundedFile.Read(display, full, InputLoader.MaxFileBytes, yaml: true);
        var text = InputLoader.Decode(display, buffer.AsSpan(0, length));
        var file = string.IsNullOrWhiteSpace(text) ? null : Parse(display, full, AsTalosWouldReadIt(text));
        _files[full] = file;
        return file;
    }

    /// <summary>The absolute path of <c>@path</c>: relative to the talconfig.yaml directory (the working directory for standard input).</summary>
    public static string FullPathOf(TalhelperConfig config, string path)
    {
        var directory = config.Document.File.FullPath is { } configPath ? Path.GetDirectoryName(configPath)! : Directory.GetCurrentDirectory();
        return Path.GetFullPath(path, directory);
    }

    /// <summary>The patch file's name as reports show it: next to the talconfig.yaml name, <c>./</c> and <c>..</c> resolved.</summary>
    private static string DisplayOf(TalhelperConfig config, string path)
    {
        if (Path.IsPathRooted(path))
        {
            return path.Replace('\\', '/');
        }

        var directory = config.DisplayPath.Contains('/') ? config.DisplayPath[..config.DisplayPath.LastIndexOf('/')] : string.Empty;
        var parts = new List<string>(directory.Split('/', StringSplitOptions.RemoveEmptyEntries));
        foreach (var part in path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else
                {
                    parts.Add(part);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        var joined = string.Join('/', parts);
        return directory.StartsWith('/') ? "/" + joined : joined;
    }

    /// <summary>
    /// An inline patch, parsed with its lines and columns in talconfig.yaml: the text is placed at the line and column
    /// its content starts at (the line after <c>|</c> for a block scalar), so every node and error has its real place.
    /// </summary>
    private SourceFile? LoadInline(TalhelperConfig config, YamlNode node)
    {
        if (string.IsNullOrWhiteSpace(node.Value))
        {
            return null;
        }

        var (line, column) = ContentStart(config, node);
        var text = new StringBuilder();
        text.Append('\n', line - 1);
        var indent = new string(' ', column - 1);
        foreach (var content in AsTalosWouldReadIt(node.Value).Split('\n'))
        {
            // A document separator only separates at the start of a line.
            if (content.Length > 0 && content.TrimEnd() is not ("---" or "..."))
            {
                text.Append(indent);
            }

            text.Append(content).Append('\n');
        }

        return Parse(config.DisplayPath, config.Document.File.FullPath, text.ToString());
    }

    /// <summary>Where the scalar's text starts: a block scalar's on the line after its indicator, at its indentation.</summary>
    private (int Line, int Column) ContentStart(TalhelperConfig config, YamlNode node)
    {
        if (!node.Value.Contains('\n'))
        {
            // A one-line plain or quoted scalar: its text sits on the scalar's own line (past the quote).
            return (node.Start.Line, node.Start.Column + (node.IsPlain ? 0 : 1));
        }

        if (!_sourceLines.TryGetValue(config, out var lines))
        {
            lines = SourceLines(config);
            _sourceLines[config] = lines;
        }

        // The text starts on the line after the indicator (leading blank lines are part of it), indented as its first non-blank line.
        for (var i = node.Start.Line; lines is not null && i < lines.Length; i++)
        {
            var raw = lines[i];
            if (raw.Trim().Length > 0)
            {
                return (node.Start.Line + 1, raw.Length - raw.TrimStart(' ').Length + 1);
            }
        }

        // Without the file's text (standard input): block content is indented past its entry.
        return (node.Start.Line + 1, node.Start.Column + 2);
    }

    private static string[]? SourceLines(TalhelperConfig config)
    {
        if (config.Document.File.FullPath is not { } path)
        {
            return null;
        }

        var (buffer, length) = BoundedFile.Read(config.DisplayPath, path, InputLoader.MaxFileBytes, yaml: true);
        return InputLoader.Decode(config.DisplayPath, buffer.AsSpan(0, length)).Split('\n');
    }

    private static SourceFile Parse(string display, string? full, string text)
    {
        var file = InputLoader.Parse(display, full, text);
        file.IsTalhelperPatch = true;
        return file;
    }

    /// <summary>envsubst turns <c>$$</c> into <c>$</c>: <c>$$patch:</c> becomes <c>$patch :</c>, keeping every column in place.</summary>
    private static string AsTalosWouldReadIt(string text) => EscapedPatchKey().Replace(text.Replace("\r\n", "\n", StringComparison.Ordinal), "$$patch$1 :");

    [GeneratedRegex(@"\$\$patch(\s*):", RegexOptions.CultureInvariant)]
    private static partial Regex EscapedPatchKey();
}
