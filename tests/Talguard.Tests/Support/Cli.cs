using System.Diagnostics;
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

    /// <summary>
    /// Runs the built CLI as a process of its own, for what an in-process run cannot survive or show (a stack
    /// overflow, a hang, the process's real standard input), through <c>sh -c</c> so that
    /// <paramref name="stdinRedirection"/> (e.g. <c>&lt;&amp;-</c>, <c>&lt; /dev/zero</c>) is the shell's own. Killed
    /// and failed after <paramref name="limit"/>.
    /// </summary>
    public static Outcome RunProcess(string workingDirectory, string stdinRedirection, TimeSpan limit, params IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("sh")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec dotnet \"$0\" \"$@\" {stdinRedirection}");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "talguard.dll"));
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"talguard {string.Join(' ', args)} {stdinRedirection}: still running after {limit.TotalSeconds:0} s");
        }

        return new Outcome(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static readonly Lock CurrentDirectoryLock = new();
}
