using Talguard.Findings;

namespace Talguard.Cli;

/// <summary>
/// The stderr side of a report with input errors: written after the report (which is complete and lists them too),
/// one line per input, the line a run with only that input would print, so a log shows why the run exits 2.
/// </summary>
internal static class InputErrorLines
{
    public static void Write(TextWriter stderr, ScanResult result)
    {
        foreach (var error in result.Errors)
        {
            stderr.WriteLine("talguard: " + error.OneLine);
        }
    }
}
