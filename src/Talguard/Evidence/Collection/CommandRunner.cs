using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Talguard.Model;

namespace Talguard.Evidence.Collection;

/// <summary>What one run of an external tool gave back: its exit code, its standard output as bytes, its standard error as text.</summary>
internal sealed record CommandResult(int ExitCode, byte[] Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs an external tool; the collector sees only this, so what it runs is decided in one place.</summary>
internal interface ICommandRunner
{
    CommandResult Run(string executable, IReadOnlyList<string> arguments);
}

/// <summary>
/// Runs a real process with its arguments passed as a list (never through a shell, so no value is ever re-parsed),
/// standard input closed and both outputs captured. A run longer than <see cref="Timeout"/> is killed with its children
/// and counts as failed, so one hung node cannot stall the collection for ever.
/// </summary>
internal sealed class ProcessCommandRunner(TimeSpan timeout) : ICommandRunner
{
    public TimeSpan Timeout { get; } = timeout;

    public CommandResult Run(string executable, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InputException(executable, "cannot be started");
        }
        catch (Win32Exception ex)
        {
            // The tool's name or path is the user's to fix (install it, or give --talosctl/--kubectl).
            throw new InputException(executable, "cannot be run: " + ex.Message.ToLowerInvariant());
        }

        using (process)
        {
            process.StandardInput.Close();
            using var stdout = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return new CommandResult(-1, [], string.Create(CultureInfo.InvariantCulture, $"timed out after {Timeout.TotalSeconds:0} s"));
            }

            copy.GetAwaiter().GetResult();
            return new CommandResult(process.ExitCode, stdout.ToArray(), stderr.GetAwaiter().GetResult());
        }
    }
}
