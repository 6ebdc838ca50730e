using System.CommandLine;
using Talguard.Artifacts;
using Talguard.Model;

namespace Talguard.Cli;

/// <summary>Parses, runs one verb and maps every outcome to an exit code and at most one error line.</summary>
public static class CliRunner
{
    public static int Run(RootCommand root, string[] args, TextWriter stdout, TextWriter stderr)
    {
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors.Take(1))
            {
                stderr.WriteLine($"talguard: {OneLine(error.Message)} (see --help)");
            }

            return ExitCodes.InputError;
        }

        try
        {
            return parsed.Invoke(configuration);
        }
        catch (InputException ex)
        {
            stderr.WriteLine("talguard: " + ex.OneLine);
            return ExitCodes.InputError;
        }
        catch (UsageException ex)
        {
            stderr.WriteLine("talguard: " + ex.Message);
            return ExitCodes.InputError;
        }
        catch (ArtifactException ex)
        {
            stderr.WriteLine("talguard: " + ex.OneLine);
            return ExitCodes.InputError;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file system that refuses a read or write (full, read-only, gone) is the user's to fix, not a bug.
            stderr.WriteLine("talguard: " + OneLine(ex.Message));
            return ExitCodes.InputError;
        }
        catch (OutOfMemoryException)
        {
            stderr.WriteLine("talguard: input too large: out of memory");
            return ExitCodes.InputError;
        }
        catch (Exception ex)
        {
            stderr.WriteLine($"talguard: internal error ({ex.GetType().Name}): {OneLine(ex.Message)}");
            return ExitCodes.InternalError;
        }
    }

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
