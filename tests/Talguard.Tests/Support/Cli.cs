using System.Text;
using Talguard.Cli;

namespace Talguard.Tests.Support;

/// <summary>Runs the real CLI in-process, as a user would from a shell, capturing both streams.</summary>
public static class Cli
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static Outcome Run(params string[] args)
    {
        var stdout = new StringWriter(new StringBuilder());
        var stderr = new StringWriter(new StringBuilder());
        var previous = Directory.GetCurrentDirectory();
        int code;
        lock (CurrentDirectoryLock)
        {
            Directory.SetCurrentDirectory(SharedData.RepositoryRoot);
            try
            {
                code = CliRunner.Run(Talguard.Cli.Commands.CommandTree.Create(), args, stdout, stderr);
            }
            finally
            {
                Directory.SetCurrentDirectory(previous);
            }
        }

        return new Outcome(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Bad input as the CLI must report it: exit 2, nothing on stdout, one stderr line starting with <paramref name="expectedStart"/>.</summary>
    public static void AssertOneLineInputError(Outcome outcome, string expectedStart)
    {
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(string.Empty, outcome.Stdout);
        Assert.StartsWith("talguard: " + expectedStart, outcome.Stderr, StringComparison.Ordinal);
        Assert.Single(outcome.Stderr.TrimEnd('\n').Split('\n'));
    }

    private static readonly Lock CurrentDirectoryLock = new();
}
