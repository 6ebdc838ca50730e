using System.Globalization;
using Spectre.Console;
using Talguard.Findings;
using Talguard.Reports;

namespace Talguard.Cli.Rendering;

/// <summary>
/// Human-readable findings: per file, one row per active finding (severity, rule, line:column, YAML path,
/// message), then suppressed findings in one line each, notices, and a summary line. Beyond
/// <see cref="MaxTableRows"/> findings, rows are plain lines, so a large report costs what its text does.
/// Text from the inputs is shown with control characters escaped (<see cref="DisplayText.ForTerminal"/>)
/// and never read as Spectre markup, so a value can neither drive the terminal nor restyle the report.
/// </summary>
public sealed class TableReportWriter : IReportWriter
{
    public const int MinWidth = 100;
    public const int MaxWidth = 160;
    public const int DefaultWidth = 120;

    /// <summary>
    /// Above this many active findings the report is one line per finding instead of wrapped tables: laying out
    /// a table costs Spectre about a hundred times what a line does, and a reader of thousands of findings
    /// filters them (grep) rather than reads them.
    /// </summary>
    public const int MaxTableRows = 1000;

    /// <summary>What the Path column says for a finding about a whole document (its YAML path is empty).</summary>
    private const string DocumentPath = "(document)";

    /// <summary>Columns to lay the table out in; a terminal's width is clamped to 100–160.</summary>
    public int Width { get; init; } = DefaultWidth;

    /// <summary>The terminal's width when writing to an interactive console, else the fixed default (stable output).</summary>
    public static int WidthFor(TextWriter stdout, string? outputPath)
    {
        var toTerminal = string.IsNullOrEmpty(outputPath) && ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        return toTerminal ? Math.Clamp(Console.WindowWidth, MinWidth, MaxWidth) : DefaultWidth;
    }

    public void Write(ScanResult result, Stream output)
    {
        // Replacing, not throwing, on a lone surrogate: a finding's text must never abort the report.
        using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = "\n" };
        var active = result.Active.ToList();
        if (active.Count > MaxTableRows)
        {
            WriteLines(active, writer);
        }
        else if (active.Count > 0)
        {
            writer.Write(RenderTables(active));
        }

        foreach (var finding in result.Findings.Where(f => f.Suppressed))
        {
            writer.WriteLine(DisplayText.ForTerminal($"suppressed: {finding.Rule.Id} {finding.Location.File}:{finding.Location.Line} ({finding.SuppressionReason})"));
        }

        foreach (var notice in result.Notices)
        {
            writer.WriteLine("note: " + DisplayText.ForTerminal(notice));
        }

        writer.WriteLine(
            $"{active.Count} finding(s): {result.Count(Severity.Critical)} critical, {result.Count(Severity.High)} high, " +
            $"{result.Count(Severity.Medium)} medium, {result.Count(Severity.Low)} low, {result.Count(Severity.Info)} info; " +
            $"{result.SuppressedCount} suppressed; {result.Files.Count} file(s) scanned");
        writer.Flush();
    }

    /// <summary>Per file, under its name: severity, rule, line:column, YAML path, title and message, one finding per line.</summary>
    private static void WriteLines(List<Finding> active, StreamWriter writer)
    {
        foreach (var file in active.GroupBy(f => f.Location.File))
        {
            writer.WriteLine(DisplayText.ForTerminal(file.Key));
            foreach (var finding in file)
            {
                var path = finding.Location.Path.Length > 0 ? finding.Location.Path : DocumentPath;
                writer.WriteLine(DisplayText.ForTerminal(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {finding.Severity.ToName().ToUpperInvariant(),-8}  {finding.Rule.Id,-12}  {finding.Location.Line}:{finding.Location.Column}  {path}  {finding.Rule.Title}: {finding.Message}")));
            }

            writer.WriteLine();
        }
    }

    /// <summary>
    /// One table per file, under the file's name, so the columns left are narrow (line, YAML path) and the
    /// message gets the width.
    /// </summary>
    private string RenderTables(List<Finding> active) =>
        string.Concat(active.GroupBy(f => f.Location.File).Select(file => DisplayText.ForTerminal(file.Key) + "\n" + RenderTable([.. file]) + "\n"));

    /// <summary>Spectre pads lines to the full width and frames the table with blank lines; both are trimmed (noisy in diffs and copies).</summary>
    private string RenderTable(IReadOnlyList<Finding> findings)
    {
        using var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(text),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Width;
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn(new TableColumn("Severity").NoWrap())
            .AddColumn(new TableColumn("Rule").NoWrap())
            .AddColumn(new TableColumn("Line").NoWrap().RightAligned())
            .AddColumn(new TableColumn("Path") { Width = Math.Min(findings.Max(f => Math.Max(DisplayText.ForTerminal(f.Location.Path).Length, DocumentPath.Length)), Width * 3 / 10) })
            .AddColumn("Finding");
        foreach (var finding in findings)
        {
            table.AddRow(
                Cell(finding.Severity.ToName().ToUpperInvariant()),
                Cell(finding.Rule.Id),
                Cell($"{finding.Location.Line}:{finding.Location.Column}"),
                Cell(finding.Location.Path.Length > 0 ? finding.Location.Path : DocumentPath),
                Cell($"{finding.Rule.Title}: {finding.Message}"));
        }

        console.Write(table);
        return string.Concat(text.ToString().Split('\n').Select(line => line.TrimEnd()).Where(line => line.Length > 0).Select(line => line + "\n"));
    }

    /// <summary>Escaped for Spectre too: <c>[red]</c> in a value stays those five characters.</summary>
    private static Markup Cell(string value) => new(Markup.Escape(DisplayText.ForTerminal(value)));
}
