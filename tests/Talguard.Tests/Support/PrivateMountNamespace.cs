using System.Diagnostics;

namespace Talguard.Tests.Support;

/// <summary>
/// Runs the built CLI as a subprocess inside a private mount namespace whose <c>/dev</c> is a fresh tmpfs
/// holding its own null, zero, random and urandom nodes, the <c>/dev/std*</c> and <c>/dev/fd</c> links and a
/// FIFO <c>/dev/report.fifo</c>. A defect that replaced a device then replaces only the namespace's copy,
/// never the machine's. Needs root and util-linux's unshare: skipped without them, failed under CI=true.
/// </summary>
public static class PrivateMountNamespace
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    private const string Prelude = """
        set -u
        mount -t tmpfs -o mode=755 tmpfs /dev
        mknod -m 666 /dev/null c 1 3
        mknod -m 666 /dev/zero c 1 5
        mknod -m 666 /dev/random c 1 8
        mknod -m 666 /dev/urandom c 1 9
        ln -s /proc/self/fd /dev/fd
        ln -s /proc/self/fd/0 /dev/stdin
        ln -s /proc/self/fd/1 /dev/stdout
        ln -s /proc/self/fd/2 /dev/stderr
        mkfifo /dev/report.fifo
        talguard() { "$TALGUARD_HOST" "$TALGUARD_DLL" "$@"; }

        """;

    /// <summary>Runs <paramref name="script"/> (sh, with a <c>talguard</c> function) in <paramref name="directory"/>.</summary>
    public static Outcome Run(string script, string directory)
    {
        var unshare = SharedData.RequireTool("unshare", "util-linux");
        if (Environment.UserName != "root" || new DirectoryInfo("/proc/self/ns").Exists is false)
        {
            Unavailable("a private mount namespace needs root on Linux");
        }

        var start = new ProcessStartInfo(unshare)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in new[] { "--mount", "--propagation", "private", "sh", "-c", Prelude + script })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TALGUARD_HOST"] = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        start.Environment["TALGUARD_DLL"] = Path.Combine(AppContext.BaseDirectory, "talguard.dll");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the namespace script did not finish within 120 s");
        }

        var outcome = new Outcome(process.ExitCode, stdout.Result, stderr.Result);
        if (outcome.Stderr.Contains("unshare: ", StringComparison.Ordinal))
        {
            Unavailable("unshare failed: " + outcome.Stderr.Trim());
        }

        return outcome;
    }

    private static void Unavailable(string message)
    {
        if (SharedData.IsCi)
        {
            Assert.Fail(message + "; CI=true requires it");
        }

        Skip.Because(message);
    }
}
