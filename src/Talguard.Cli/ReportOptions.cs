using System.CommandLine;
using Talguard.Findings;
using Talguard.Reports;

namespace Talguard.Cli;

/// <summary>The options every findings-reporting verb shares: --format, -o, --fail-on.</summary>
public sealed class ReportOptions
{
    public static readonly string[] Formats = ["table", "json", "sarif", "junit"];

    public Option<string> Format { get; } = new("--format", "-f")
    {
        Description = "Output format: " + string.Join('|', Formats),
        DefaultValueFactory = _ => "table",
    };

    public Option<string?> Output { get; } = new("--output", "-o")
    {
        Description = "Write the report to FILE instead of standard output",
        HelpName = "FILE",
    };

    public Option<string> FailOn { get; } = new("--fail-on")
    {
        Description = "Exit 1 when a finding is at or above: critical|high|medium|low|info|none",
        DefaultValueFactory = _ => "high",
    };

    public ReportOptions()
    {
        Format.AcceptOnlyFromAmong(Formats);
        FailOn.AcceptOnlyFromAmong("critical", "high", "medium", "low", "info", "none");
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Format);
        command.Options.Add(Output);
        command.Options.Add(FailOn);
    }

    public static Severity? Threshold(string failOn) =>
        SeverityNames.TryParse(failOn, out var severity) ? severity : null;

    /// <summary>Renders <paramref name="result"/> and returns the exit code for it.</summary>
    public int Emit(ParseResult parse, ScanResult result, TextWriter stdout, Action<System.Text.Json.Utf8JsonWriter>? extraJson = null)
    {
        var format = parse.GetValue(Format)!;
        OutputTarget.Write(parse.GetValue(Output), stdout, stream =>
        {
            IReportWriter writer = format switch
            {
                "json" => new JsonReportWriter { ExtraMembers = extraJson },
                "table" => new Rendering.TableReportWriter(),
                _ => throw new UsageException($"format {format} is not available yet"),
            };
            writer.Write(result, stream);
        });
        return result.Fails(Threshold(parse.GetValue(FailOn)!)) ? ExitCodes.FindingsAtThreshold : ExitCodes.Success;
    }
}
