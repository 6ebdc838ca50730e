using System.CommandLine;
using Talguard.Artifacts;
using Talguard.Model;
using Talguard.Reports;

namespace Talguard.Cli;

/// <summary>Parses, runs one verb and maps every outcome to an exit code and at most one error line.</summary>
public static class CliRunner
{
    private const int MaxErrorChars = 2000;

    public static int Run(RootCommand root, string[] args, TextWriter stdout, TextWriter stderr)
    {
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        var parsed = Commands.CommandLineUsage.Parse(root, args);
        if (Commands.CommandLineUsage.Problem(parsed) is { } problem)
        {
            WriteError(stderr, OneLine(problem));
            return ExitCodes.InputError;
        }

        try
        {
            return parsed.Invoke(configuration);
        }
        catch (InputException ex)
        {
            WriteError(stderr, ex.OneLine);
            return ExitCodes.InputError;
        }
        catch (UsageException ex)
        {
            WriteError(stderr, ex.Message);
            return ExitCodes.InputError;
        }
        catch (ArtifactException ex)
        {
            WriteError(stderr, ex.OneLine);
            return ExitCodes.InputError;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file system that refuses a read or write (full, read-only, gone) is the user's to fix, not a bug.
            WriteError(stderr, OneLine(ex.Message));
            return ExitCodes.InputError;
        }
        catch (OutOfMemoryException)
        {
            WriteError(stderr, "input too large: out of memory");
            return ExitCodes.InputError;
        }
        catch (Exception ex)
        {
            WriteError(stderr, $"internal error ({ex.GetType().Name}): {OneLine(ex.Message)}");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>
    /// The one error line. Messages quote what the user typed or a file's name, so control characters are shown
    /// escaped (a name cannot move the cursor or start a second line) and the line has a bounded length.
    /// </summary>
    private static void WriteError(TextWriter stderr, string message) =>
        stderr.WriteLine("talguard: " + DisplayText.Shorten(DisplayText.ForTerminal(message), MaxErrorChars));

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>A flag combination or value the user must change; printed as one line, exit 2.</summary>
public sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
