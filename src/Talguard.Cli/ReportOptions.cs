using System.CommandLine;
using Talguard.Findings;
using Talguard.Reports;
using Talguard.Services;

namespace Talguard.Cli;

/// <summary>
/// The options every findings-reporting verb shares: --format, -o, --fail-on, --min-severity (and --exceptions where
/// suppressions apply, --show-patch where the table lists findings).
/// </summary>
public sealed class ReportOptions
{
    public static readonly string[] Formats = ["table", "json", "sarif", "junit", "compact", "markdown"];

    /// <summary>The formats of verbs whose findings point into files a reader can open (scan, verify): a page and Kubernetes policy reports.</summary>
    public static readonly string[] DocumentFormats = ["html", "policyreport"];

    /// <summary><c>--format html</c>: the page's title.</summary>
    public string HtmlTitle { get; init; } = "Talguard scan report";

    /// <summary><c>--format html</c>: the directory the findings' file names are relative to, for the source excerpts.</summary>
    public string? SourceDirectory { get; init; }

    public Option<string> Format { get; } = new("--format", "-f")
    {
        Description = "Output format: " + string.Join('|', Formats),
        DefaultValueFactory = _ => "table",
    };

    public Option<string?> Output { get; } = new("--output", "-o")
    {
        Description = "Write the report to FILE instead of standard output (never one of the inputs)",
        HelpName = "FILE",
    };

    public Option<string> FailOn { get; } = new("--fail-on")
    {
        Description = "Exit 1 when an unsuppressed finding is at or above: critical|high|medium|low|info|none",
        DefaultValueFactory = _ => "high",
    };

    public Option<string?> MinSeverity { get; } = new("--min-severity")
    {
        Description = "Show only findings at or above: critical|high|medium|low|info (every format; the exit code still follows --fail-on)",
        HelpName = "LEVEL",
    };

    public Option<bool> ShowPatch { get; } = new("--show-patch")
    {
        Description = "Table: print each finding's fix patch (YAML) under it",
    };

    public Option<string?> Exceptions { get; } = new("--exceptions")
    {
        Description = "Exceptions file (default: " + SuppressionsFile.DefaultFileName + " in the current directory or a scanned directory)",
        HelpName = "FILE",
    };

    public ReportOptions()
        : this([])
    {
    }

    /// <summary>For a verb with formats of its own besides the findings formats (<c>certs --format prometheus</c>).</summary>
    public ReportOptions(IReadOnlyList<string> extraFormats)
    {
        string[] formats = [.. Formats, .. extraFormats];
        Format.Description = "Output format: " + string.Join('|', formats);
        Format.AcceptOnlyFromAmong(formats);
        FailOn.AcceptOnlyFromAmong("critical", "high", "medium", "low", "info", "none");
        MinSeverity.AcceptOnlyFromAmong("critical", "high", "medium", "low", "info");
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Format);
        command.Options.Add(Output);
        command.Options.Add(FailOn);
        command.Options.Add(MinSeverity);
    }

    /// <summary>For verbs whose table lists findings: adds <c>--show-patch</c>.</summary>
    public void AddShowPatchTo(Command command) => command.Options.Add(ShowPatch);

    /// <summary>For verbs that apply suppressions: adds <c>--exceptions</c>.</summary>
    public void AddExceptionsTo(Command command) => command.Options.Add(Exceptions);

    public static Severity? Threshold(string failOn) =>
        SeverityNames.TryParse(failOn, out var severity) ? severity : null;

    /// <summary>The entries of <c>--exceptions FILE</c>, else of the default exceptions file when there is one.</summary>
    public IReadOnlyList<ExceptionEntry> LoadExceptions(ParseResult parse, IEnumerable<string> scannedPaths)
    {
        if (parse.GetValue(Exceptions) is { } named)
        {
            return SuppressionsFile.Load(named);
        }

        var currentDirectory = Directory.GetCurrentDirectory();
        var found = SuppressionsFile.FindDefault(currentDirectory, scannedPaths.Where(p => p != Model.InputLoader.StandardInputName));
        return found is null ? [] : SuppressionsFile.Load(found, Path.GetRelativePath(currentDirectory, found).Replace('\\', '/'));
    }

    /// <summary>
    /// The time a report may name without losing reproducible bytes: <c>SOURCE_DATE_EPOCH</c> (seconds since the
    /// epoch, as reproducible builds set it) when it holds one, else 0.
    /// </summary>
    public static long ReproducibleTimestamp() =>
        long.TryParse(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : 0;

    /// <summary>The <c>--min-severity</c> level, null when every finding is shown.</summary>
    public Severity? MinSeverityLevel(ParseResult parse) => Threshold(parse.GetValue(MinSeverity) ?? "none");

    /// <summary>The <c>--fail-on</c> threshold a service judges its report against (null for none).</summary>
    public Severity? FailOnThreshold(ParseResult parse) => Threshold(parse.GetValue(FailOn)!);

    /// <summary>
    /// Renders <paramref name="result"/> and returns the exit code for it; <paramref name="inputs"/> are the files
    /// and directories the run read, which <c>-o</c> must not replace.
    /// </summary>
    public int Emit(ParseResult parse, ScanResult result, TextWriter stdout, IEnumerable<string?> inputs, Action<System.Text.Json.Utf8JsonWriter>? extraJson = null)
    {
        Write(parse, result, stdout, inputs, extraJson);
        InputErrorLines.Write(parse.InvocationConfiguration.Error, result);
        return ExitCodes.For(ServiceOutcomes.Of(result, FailOnThreshold(parse)));
    }

    /// <summary>
    /// Renders <paramref name="result"/> in the chosen format to stdout or <c>-o</c>, showing only the findings
    /// <c>--min-severity</c> lets through; <paramref name="inputs"/> are the files and directories the run read,
    /// which <c>-o</c> must not replace.
    /// </summary>
    public void Write(ParseResult parse, ScanResult result, TextWriter stdout, IEnumerable<string?> inputs, Action<System.Text.Json.Utf8JsonWriter>? extraJson = null)
    {
        var format = parse.GetValue(Format)!;
        var output = parse.GetValue(Output);
        OutputTarget.EnsureNotAnInput(output, "-o", inputs);
        var (shown, filter) = Rendering.DisplayFilter.Apply(result, MinSeverityLevel(parse));
        IReportWriter writer = format switch
        {
            "json" => new JsonReportWriter { ExtraMembers = extraJson },
            "sarif" => new SarifReportWriter(),
            "junit" => new JUnitReportWriter { FailOn = FailOnThreshold(parse) },
            "compact" => new Rendering.CompactReportWriter(),
            "markdown" => new Rendering.MarkdownReportWriter { Filter = filter },
            "html" => new HtmlReportWriter
            {
                Title = HtmlTitle,
                Sources = SourceExcerpts.FromDirectory(SourceDirectory ?? Directory.GetCurrentDirectory()),
                HiddenBySeverityFilter = filter.Hidden,
            },
            "policyreport" => new PolicyReportWriter { FailOn = FailOnThreshold(parse), TimestampSeconds = ReproducibleTimestamp() },
            _ => new Rendering.TableReportWriter
            {
                Style = Rendering.TerminalStyle.For(stdout, output),
                ShowPatch = parse.GetResult(ShowPatch) is not null && parse.GetValue(ShowPatch),
                Filter = filter,
            },
        };
        OutputTarget.Write(output, stdout, stream => writer.Write(shown, stream));
    }
}
