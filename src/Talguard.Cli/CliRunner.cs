using System.CommandLine;
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
                var oneLine = string.Join(' ', error.Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                stderr.WriteLine($"talguard: {oneLine} (see --help)");
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
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            stderr.WriteLine($"talguard: internal error ({ex.GetType().Name}): {ex.Message}");
            return ExitCodes.InternalError;
        }
    }
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
