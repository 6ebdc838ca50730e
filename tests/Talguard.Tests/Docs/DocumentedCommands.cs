using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Talguard.Tests.Docs;

/// <summary>
/// The command outputs shown in README.md and docs/*.md. A block of output is marked by the command that
/// produces it, on the line before its fence:
/// <code>
/// &lt;!-- talguard: scan examples/insecure-cluster/worker.yaml --&gt;
/// ```text
/// $ talguard scan examples/insecure-cluster/worker.yaml
/// (standard output, then standard error)
/// $ echo $?
/// 1
/// ```
/// </code>
/// The block's content is generated: the command line, what the command prints run from the repository root,
/// and its exit code when it is not 0. <c>| head -n N</c> after the arguments shows the first N lines of
/// standard output (the exit code is then head's, so it is not shown).
/// </summary>
public static partial class DocumentedCommands
{
    public sealed record Marker(int Line, string CommandLine, IReadOnlyList<string> Arguments, int? HeadLines);

    /// <summary>The command a marker's block shows, run; its exit code and both streams.</summary>
    public delegate Support.Cli.Outcome Runner(IReadOnlyList<string> arguments);

    /// <summary>The markers of <paramref name="text"/>, each checked to stand right above a fenced block.</summary>
    public static IReadOnlyList<Marker> Markers(string text, string document)
    {
        var lines = Lines(text);
        var markers = new List<Marker>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (ParseMarker(lines[i], i + 1, document) is not { } marker)
            {
                continue;
            }

            RequireFenceBelow(lines, i, document);
            markers.Add(marker);
        }

        return markers;
    }

    /// <summary><paramref name="text"/> with every marked block's content replaced by what its command prints now.</summary>
    public static string Regenerate(string text, string document, Runner run)
    {
        var lines = Lines(text);
        var result = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            AppendLine(result, lines[i]);
            if (ParseMarker(lines[i], i + 1, document) is not { } marker)
            {
                continue;
            }

            RequireFenceBelow(lines, i, document);
            AppendLine(result, lines[i + 1]);
            var close = i + 2;
            var opening = FenceLength(lines[i + 1]);
            while (close < lines.Length && !Closes(lines[close], opening))
            {
                close++;
            }

            if (close >= lines.Length)
            {
                throw new FormatException($"{document}:{i + 2}: the fenced block under the talguard marker is never closed");
            }

            foreach (var shown in Render(marker, run(marker.Arguments)))
            {
                AppendLine(result, shown);
            }

            AppendLine(result, lines[close]);
            i = close;
        }

        return result.ToString();
    }

    /// <summary>The block's lines for a marker's command and what the run printed.</summary>
    public static IEnumerable<string> Render(Marker marker, Support.Cli.Outcome outcome)
    {
        yield return "$ talguard " + marker.CommandLine;
        var stdout = OutputLines(outcome.Stdout);
        if (marker.HeadLines is { } head)
        {
            foreach (var line in stdout.Take(head))
            {
                yield return line;
            }

            yield break;
        }

        foreach (var line in stdout.Concat(OutputLines(outcome.Stderr)))
        {
            yield return line;
        }

        if (outcome.ExitCode != 0)
        {
            yield return "$ echo $?";
            yield return outcome.ExitCode.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// Lines (1-based) of unmarked fenced blocks where a <c>$ talguard ...</c> or <c>$ dotnet run ... --</c> command
    /// is followed by output: output no test produces, which goes stale.
    /// </summary>
    public static IReadOnlyList<int> UnmarkedOutput(string text)
    {
        var lines = Lines(text);
        var found = new List<int>();
        var inBlock = false;
        var marked = false;
        var opening = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (!inBlock && IsFence(lines[i]))
            {
                marked = i > 0 && MarkerPattern().IsMatch(lines[i - 1]);
                inBlock = true;
                opening = FenceLength(lines[i]);
                continue;
            }

            if (inBlock && Closes(lines[i], opening))
            {
                inBlock = false;
                continue;
            }

            if (inBlock && !marked && IsTalguardCommand(lines[i]) && i + 1 < lines.Length && !IsFence(lines[i + 1]) && !lines[i + 1].StartsWith("$ ", StringComparison.Ordinal))
            {
                found.Add(i + 1);
            }
        }

        return found;
    }

    private static bool IsTalguardCommand(string line) =>
        line.StartsWith("$ talguard ", StringComparison.Ordinal) || line == "$ talguard"
        || (line.StartsWith("$ dotnet run ", StringComparison.Ordinal) && line.Contains(" -- ", StringComparison.Ordinal));

    private static Marker? ParseMarker(string line, int lineNumber, string document)
    {
        var match = MarkerPattern().Match(line);
        if (!match.Success)
        {
            return null;
        }

        var command = match.Groups["command"].Value.Trim();
        var commandLine = command;
        int? head = null;
        var pipe = command.IndexOf('|', StringComparison.Ordinal);
        if (pipe >= 0)
        {
            var filter = HeadPattern().Match(command[(pipe + 1)..]);
            if (!filter.Success)
            {
                throw new FormatException($"{document}:{lineNumber}: a talguard marker may only pipe into 'head -n N'");
            }

            head = int.Parse(filter.Groups["lines"].Value, CultureInfo.InvariantCulture);
            command = command[..pipe].TrimEnd();
            commandLine = command + " | head -n " + head.Value.ToString(CultureInfo.InvariantCulture);
        }

        var arguments = SplitArguments(command, lineNumber, document);
        return arguments.Count == 0
            ? throw new FormatException($"{document}:{lineNumber}: a talguard marker names no arguments")
            : new Marker(lineNumber, commandLine, arguments, head);
    }

    /// <summary>Splits as a POSIX shell would for words, single quotes and double quotes (no escapes, no expansion).</summary>
    private static List<string> SplitArguments(string text, int lineNumber, string document)
    {
        var arguments = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is { } open)
            {
                if (c == open)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    arguments.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (quote is not null)
        {
            throw new FormatException($"{document}:{lineNumber}: unclosed quote in a talguard marker");
        }

        if (inWord)
        {
            arguments.Add(current.ToString());
        }

        return arguments;
    }

    private static void RequireFenceBelow(string[] lines, int markerIndex, string document)
    {
        if (markerIndex + 1 >= lines.Length || !IsFence(lines[markerIndex + 1]))
        {
            throw new FormatException($"{document}:{markerIndex + 1}: a talguard marker must stand on the line right above a fenced block");
        }
    }

    private static bool IsFence(string line) => line.TrimStart().StartsWith("```", StringComparison.Ordinal);

    /// <summary>Backticks opening a fence; an output that holds fences itself (markdown) sits in a longer one, as CommonMark allows.</summary>
    private static int FenceLength(string line) => line.TrimStart().TakeWhile(c => c == '`').Count();

    /// <summary>A closing fence: only backticks, at least as many as opened the block.</summary>
    private static bool Closes(string line, int opening) =>
        line.Trim() is { Length: > 0 } fence && fence.All(c => c == '`') && fence.Length >= opening;

    private static string[] Lines(string text) =>
        (text.EndsWith('\n') ? text[..^1] : text).Split('\n');

    private static IEnumerable<string> OutputLines(string output) =>
        output.Length == 0 ? [] : (output.EndsWith('\n') ? output[..^1] : output).Split('\n');

    private static void AppendLine(StringBuilder builder, string line) => builder.Append(line).Append('\n');

    [GeneratedRegex(@"^<!-- talguard: (?<command>.+?) -->$")]
    private static partial Regex MarkerPattern();

    [GeneratedRegex(@"^\s*head -n (?<lines>[1-9][0-9]*)\s*$")]
    private static partial Regex HeadPattern();
}
