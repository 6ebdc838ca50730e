using Spectre.Console;
using Talguard.Findings;
using Talguard.Reports;

namespace Talguard.Cli.Rendering;

/// <summary>Human-readable findings: one row per finding, then a summary line.</summary>
public sealed class TableReportWriter : IReportWriter
{
    public void Write(ScanResult result, Stream output)
    {
        using var writer = new StreamWriter(output, leaveOpen: true);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        var active = result.Active.ToList();
        if (active.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("Severity").AddColumn("Rule").AddColumn("Location").AddColumn("Finding");
            foreach (var finding in active)
            {
                var place = $"{finding.Location.File}:{finding.Location.Line}";
                var where = finding.Location.Path.Length > 0 ? $"{place}\n{finding.Location.Path}" : place;
                table.AddRow(
                    Markup.Escape(finding.Severity.ToName().ToUpperInvariant()),
                    Markup.Escape(finding.Rule.Id),
                    Markup.Escape(where),
                    Markup.Escape($"{finding.Rule.Title}: {finding.Message}"));
            }

            console.Write(table);
        }

        foreach (var notice in result.Notices)
        {
            console.WriteLine("note: " + notice);
        }

        console.WriteLine(
            $"{active.Count} finding(s): {result.Count(Severity.Critical)} critical, {result.Count(Severity.High)} high, " +
            $"{result.Count(Severity.Medium)} medium, {result.Count(Severity.Low)} low, {result.Count(Severity.Info)} info; " +
            $"{result.SuppressedCount} suppressed; {result.Files.Count} file(s) scanned");
        writer.Flush();
    }
}
