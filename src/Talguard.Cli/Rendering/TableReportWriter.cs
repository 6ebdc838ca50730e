using Spectre.Console;
using Talguard.Findings;
using Talguard.Reports;

namespace Talguard.Cli.Rendering;

/// <summary>
/// Human-readable findings: one row per active finding (severity, rule, file:line and YAML path, message),
/// then suppressed findings in one line each, notices, and a summary line.
/// </summary>
public sealed class TableReportWriter : IReportWriter
{
    public const int MinWidth = 100;
    public const int MaxWidth = 160;
    public const int DefaultWidth = 120;

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
        using var writer = new StreamWriter(output, leaveOpen: true) { NewLine = "\n" };
        var active = result.Active.ToList();
        if (active.Count > 0)
        {
            writer.Write(RenderTable(active));
        }

        foreach (var finding in result.Findings.Where(f => f.Suppressed))
        {
            writer.WriteLine($"suppressed: {finding.Rule.Id} {finding.Location.File}:{finding.Location.Line} ({finding.SuppressionReason})");
        }

        foreach (var notice in result.Notices)
        {
            writer.WriteLine("note: " + notice);
        }

        writer.WriteLine(
            $"{active.Count} finding(s): {result.Count(Severity.Critical)} critical, {result.Count(Severity.High)} high, " +
            $"{result.Count(Severity.Medium)} medium, {result.Count(Severity.Low)} low, {result.Count(Severity.Info)} info; " +
            $"{result.SuppressedCount} suppressed; {result.Files.Count} file(s) scanned");
        writer.Flush();
    }

    /// <summary>The findings table, without the padding Spectre leaves at line ends (it makes diffs and copies noisy).</summary>
    private string RenderTable(List<Finding> active)
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
        var table = new Table().Border(TableBorder.Simple).Expand()
            .AddColumn(new TableColumn("Severity").NoWrap())
            .AddColumn(new TableColumn("Rule").NoWrap())
            .AddColumn(new TableColumn("Location") { Width = Width / 3 })
            .AddColumn("Finding");
        foreach (var finding in active)
        {
            table.AddRow(
                Markup.Escape(finding.Severity.ToName().ToUpperInvariant()),
                Markup.Escape(finding.Rule.Id),
                Markup.Escape(Place(finding)),
                Markup.Escape($"{finding.Rule.Title}: {finding.Message}"));
        }

        console.Write(table);
        var lines = text.ToString().Split('\n').Select(line => line.TrimEnd()).SkipWhile(line => line.Length == 0);
        return string.Join('\n', lines).TrimEnd() + "\n\n";
    }

    private static string Place(Finding finding)
    {
        var place = $"{finding.Location.File}:{finding.Location.Line}";
        return finding.Location.Path.Length > 0 ? $"{place}\n{finding.Location.Path}" : place;
    }
}
