using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.SecretsAtRest;

/// <summary>
/// A real single-member etcd on 127.0.0.1 (ephemeral ports, temporary data dir), driven with etcdctl and
/// stopped by its PID. Never listens or connects anywhere else.
/// </summary>
public sealed partial class EtcdServer : IDisposable
{
    private readonly Process _etcd;
    private readonly string _etcdctl;

    private EtcdServer(Process etcd, string etcdctl, string directory, int clientPort)
    {
        _etcd = etcd;
        _etcdctl = etcdctl;
        Directory = directory;
        Endpoint = $"127.0.0.1:{clientPort}";
    }

    public string Directory { get; }

    public string Endpoint { get; }

    public static EtcdServer Start()
    {
        var etcd = SharedData.RequireTool("etcd", "etcd-server");
        var etcdctl = SharedData.RequireTool("etcdctl", "etcd-client");
        var directory = Path.Combine(Path.GetTempPath(), "talguard-etcd-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var client = FreePort();
        var peer = FreePort();
        var start = new ProcessStartInfo(etcd)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--name", "t1", "--data-dir", Path.Combine(directory, "data"),
            "--listen-client-urls", $"http://127.0.0.1:{client}", "--advertise-client-urls", $"http://127.0.0.1:{client}",
            "--listen-peer-urls", $"http://127.0.0.1:{peer}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peer}",
            "--initial-cluster", $"t1=http://127.0.0.1:{peer}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new EtcdServer(process, etcdctl, directory, client);
        for (var attempt = 0; ; attempt++)
        {
            if (server.TryRun(["endpoint", "health"], null, out _))
            {
                return server;
            }

            if (attempt == 100 || process.HasExited)
            {
                server.Dispose();
                throw new InvalidOperationException("etcd did not become healthy on " + server.Endpoint);
            }

            Thread.Sleep(200);
        }
    }

    /// <summary>Stores <paramref name="value"/> (binary-safe, through stdin) and returns the new revision.</summary>
    public long Put(string key, byte[] value) => Revision(Run(["put", key, "-w", "json"], value));

    public long Delete(string key) => Revision(Run(["del", key, "-w", "json"], null));

    public void Compact(long revision) => Run(["compact", revision.ToString(CultureInfo.InvariantCulture)], null);

    public string SaveSnapshot(string name)
    {
        var path = Path.Combine(Directory, name);
        Run(["snapshot", "save", path], null);
        return path;
    }

    /// <summary><c>etcdctl snapshot status FILE -w json</c>, the oracle for <c>talguard etcd status</c>.</summary>
    public string SnapshotStatus(string path) => Run(["snapshot", "status", path, "-w", "json"], null).Trim();

    public void Dispose()
    {
        if (!_etcd.HasExited)
        {
            _etcd.Kill();
            _etcd.WaitForExit();
        }

        _etcd.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private string Run(string[] arguments, byte[]? input) =>
        TryRun(arguments, input, out var output) ? output : throw new InvalidOperationException($"etcdctl {string.Join(' ', arguments)} failed: {output}");

    private bool TryRun(string[] arguments, byte[]? input, out string output)
    {
        var start = new ProcessStartInfo(_etcdctl)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ETCDCTL_API"] = "3";
        start.ArgumentList.Add("--endpoints");
        start.ArgumentList.Add(Endpoint);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.BaseStream.Write(input);
        }

        process.StandardInput.Close();
        process.WaitForExit();
        output = stdout.Result + stderr.Result;
        return process.ExitCode == 0;
    }

    private static long Revision(string json) =>
        long.Parse(RevisionPattern().Match(json).Groups[1].Value, CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("\"revision\":(\\d+)")]
    private static partial Regex RevisionPattern();
}
