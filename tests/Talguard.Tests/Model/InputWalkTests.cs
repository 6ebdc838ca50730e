using System.Diagnostics;
using System.Net.Sockets;
using Talguard.Findings;
using Talguard.Hardening.SecureBoot;
using Talguard.Model;
using Talguard.Services;

namespace Talguard.Tests.Model;

/// <summary>
/// Directory walks list each real file once, never open a FIFO, socket or device, and a walk that finds nothing
/// to scan is an input error, not a clean pass.
/// </summary>
public sealed class InputWalkTests : IDisposable
{
    private const string Config = "version: v1alpha1\nmachine:\n  type: worker\n";

    /// <summary>Long enough for any load on a loaded machine; only a hang (an opened FIFO) takes longer.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-walk-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string relative, string text = Config)
    {
        var path = Path.Combine(_directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private string Link(string relative, string target)
    {
        var path = Path.Combine(_directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
        return path;
    }

    private static T Within<T>(Func<T> load)
    {
        var task = Task.Run(load);
        Assert.True(((IAsyncResult)task).AsyncWaitHandle.WaitOne(HangGuard), "the load hung");
        return task.GetAwaiter().GetResult();
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    private string[] Load() => [.. Within(() => InputLoader.Load([_directory])).Select(f => Path.GetRelativePath(_directory, f.DisplayPath).Replace('\\', '/'))];

    [Fact]
    public void A_link_back_to_an_ancestor_is_a_loop_not_a_deeper_tree()
    {
        Write("cp.yaml");
        Write("nodes/w1.yaml");
        Link("nodes/up", "..");
        Link("self", ".");

        Assert.Equal(["cp.yaml", "nodes/w1.yaml"], Load());
    }

    [Fact]
    public void Links_fanning_out_to_the_same_directory_list_its_files_once_under_their_own_name()
    {
        Write("real/w1.yaml");
        Link("a", "real");
        Link("b", ".");
        Link("c", "real");

        Assert.Equal(["real/w1.yaml"], Load());
    }

    [Fact]
    public void A_file_reached_by_several_links_is_listed_once()
    {
        var real = Write("w1.yaml");
        Link("again.yaml", real);
        File.CreateSymbolicLink(Path.Combine(_directory, "z-again.yml"), real);

        Assert.Single(Load());
    }

    [Fact]
    public void A_fifo_or_socket_in_a_directory_is_skipped_with_a_notice_and_never_opened()
    {
        Write("w1.yaml");
        MakeFifo(Path.Combine(_directory, "pipe.yaml"));
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(_directory, "socket.yml")));
        MakeFifo(Path.Combine(_directory, "not-yaml.fifo"));

        var set = InputLoader.List([_directory]);
        var files = Within(set.Parse);

        Assert.Equal(["w1.yaml"], files.Select(f => Path.GetFileName(f.DisplayPath)));
        Assert.Equal(2, set.Notices.Count);
        Assert.Contains(set.Notices, n => n.EndsWith("/pipe.yaml: skipped: a FIFO, socket or device, not a regular file", StringComparison.Ordinal));
        Assert.Contains(set.Notices, n => n.EndsWith("/socket.yml: skipped: a FIFO, socket or device, not a regular file", StringComparison.Ordinal));

        var result = Within(() => ScanService.Run(new ScanRequest { Paths = [_directory] }).Report);
        Assert.Equal(set.Notices, result.Notices.Take(2));

        var pss = Within(() => Support.Cli.Run("pss", _directory, "--format", "json"));
        Assert.Contains("pipe.yaml: skipped: a FIFO, socket or device", pss.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_that_does_not_resolve_is_skipped_with_a_notice()
    {
        Write("w1.yaml");
        Link("gone.yaml", Path.Combine(_directory, "missing.yaml"));
        Link("loop.yaml", Path.Combine(_directory, "loop.yaml"));

        var set = InputLoader.List([_directory]);
        Assert.Single(set.Parse());
        Assert.Equal(2, set.Notices.Count);
        Assert.All(set.Notices, n => Assert.EndsWith(": skipped: a symbolic link that does not resolve", n, StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_directory_is_an_input_error()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "empty"));
        var error = Assert.Throws<InputException>(() => InputLoader.Load([Path.Combine(_directory, "empty")]));
        Assert.Equal("no Talos or Kubernetes YAML under it (*.yaml, *.yml)", error.Message);
        Assert.EndsWith("empty", error.File, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_of_yaml_that_is_neither_talos_nor_kubernetes_is_an_input_error()
    {
        Write("values.yaml", "replicas: 3\n");
        var error = Assert.Throws<InputException>(() => InputLoader.Load([_directory]));
        Assert.Equal("no Talos or Kubernetes YAML under it (*.yaml, *.yml)", error.Message);
    }

    [Fact]
    public void An_empty_path_is_an_input_error() =>
        Assert.Equal("empty path (\"\") given as an input", Assert.Throws<InputException>(() => InputLoader.Load([""])).OneLine);

    [Fact]
    public void Proc_self_fd_ends_with_an_input_error() =>
        Assert.Throws<InputException>(() => Within(() => InputLoader.Load(["/proc/self/fd"])));

    [Fact]
    public void Secure_boot_inspect_reads_each_regular_file_of_a_directory_once_and_refuses_a_named_fifo()
    {
        var certificate = Path.Combine(_directory, "keys", "db.der");
        Directory.CreateDirectory(Path.GetDirectoryName(certificate)!);
        using (var ca = Hardening.Certificates.TestPki.Ca("CN=test db", Hardening.Certificates.TestPki.Now.AddYears(1)))
        {
            File.WriteAllBytes(certificate, ca.RawData);
        }

        Link("keys/again.der", certificate);
        MakeFifo(Path.Combine(_directory, "keys", "pipe.esl"));

        var result = Within(() => new SecureBootInspector(new InspectOptions()).Inspect([Path.Combine(_directory, "keys")]));
        Assert.Single(result.Files);

        var error = Assert.Throws<InputException>(() => new SecureBootInspector(new InspectOptions()).Inspect([Path.Combine(_directory, "keys", "pipe.esl")]));
        Assert.Equal("not a regular file (a FIFO, socket or device)", error.Message);
    }
}
