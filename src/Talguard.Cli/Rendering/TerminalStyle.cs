using Talguard.Findings;

namespace Talguard.Cli.Rendering;

/// <summary>
/// How a report is drawn on the device it goes to: its width in columns and whether severities are coloured.
/// Colour and the terminal's width apply only to an interactive terminal; a pipe or a file gets plain text at
/// <c>COLUMNS</c> or a fixed width, so the same input always gives the same bytes there.
/// </summary>
public sealed record TerminalStyle(int Width, bool Color)
{
    /// <summary>Columns when neither a terminal nor <c>COLUMNS</c> says: the classic terminal, which every layout must fit.</summary>
    public const int DefaultWidth = 80;

    /// <summary>Narrower than this, a message would be a column of single words; the layout stays readable from here.</summary>
    public const int MinWidth = 40;

    /// <summary>Wider lines are hard to read back; a wider terminal gets this many columns.</summary>
    public const int MaxWidth = 160;

    public static TerminalStyle Plain { get; } = new(DefaultWidth, Color: false);

    /// <summary>The style for <paramref name="stdout"/> (or, with <paramref name="outputPath"/>, a file) in this process's environment.</summary>
    public static TerminalStyle For(TextWriter stdout, string? outputPath)
    {
        var toTerminal = string.IsNullOrEmpty(outputPath) && ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        return new(
            WidthFor(toTerminal ? TerminalWidth() : null, Environment.GetEnvironmentVariable("COLUMNS")),
            UsesColor(toTerminal, Environment.GetEnvironmentVariable("NO_COLOR"), Environment.GetEnvironmentVariable("TERM")));
    }

    /// <summary>The terminal's width when there is one, else <c>COLUMNS</c> when it is a number, else <see cref="DefaultWidth"/>; clamped.</summary>
    public static int WidthFor(int? terminalWidth, string? columnsVariable)
    {
        var width = terminalWidth is > 0 ? terminalWidth.Value
            : int.TryParse(columnsVariable, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var columns) && columns > 0 ? columns
            : DefaultWidth;
        return Math.Clamp(width, MinWidth, MaxWidth);
    }

    /// <summary>
    /// Colour only on a terminal, never when <c>NO_COLOR</c> is set to anything but the empty string
    /// (https://no-color.org), nor on a terminal that declares it has none (<c>TERM=dumb</c>).
    /// </summary>
    public static bool UsesColor(bool toTerminal, string? noColor, string? term) =>
        toTerminal && string.IsNullOrEmpty(noColor) && term != "dumb";

    /// <summary>A severity's name in capitals, in its colour when colour is on.</summary>
    public string Severity(Severity severity) => Paint(severity, severity.ToName().ToUpperInvariant());

    /// <summary><paramref name="text"/> in <paramref name="severity"/>'s colour when colour is on (SGR codes every terminal knows).</summary>
    public string Paint(Severity severity, string text) => Color ? $"\u001b[{Sgr(severity)}m{text}\u001b[0m" : text;

    private static string Sgr(Severity severity) => severity switch
    {
        Findings.Severity.Critical => "1;35",
        Findings.Severity.High => "1;31",
        Findings.Severity.Medium => "33",
        Findings.Severity.Low => "36",
        _ => "2",
    };

    private static int? TerminalWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
