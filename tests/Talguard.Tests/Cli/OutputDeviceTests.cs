using Talguard.Tests.Support;

namespace Talguard.Tests.Cli;

/// <summary>
/// <c>-o</c> at devices, FIFOs, descriptor paths and unwritable places, run only inside a private mount
/// namespace with its own /dev: a defect would otherwise replace the machine's /dev/null or /dev/stdout.
/// </summary>
public sealed class OutputDeviceTests : IDisposable
{
    private const string Pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec:\n  hostPID: true\n  containers: [{name: app, image: nginx}]\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-devices-").FullName;

    public OutputDeviceTests() => File.WriteAllText(Path.Combine(_directory, "pod.yaml"), Pod);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("scan --fail-on none --format json -o /dev/null pod.yaml")]
    [InlineData("rules -o /dev/null")]
    [InlineData("pss --fail-on none -o /dev/null pod.yaml")]
    public void Output_to_dev_null_leaves_it_a_character_device(string arguments)
    {
        var outcome = PrivateMountNamespace.Run($"talguard {arguments}; echo \"exit=$?\"; stat -c %F /dev/null; wc -c < /dev/null", _directory);

        Assert.Equal("exit=0\ncharacter special file\n0\n", outcome.Stdout);
        Assert.Equal(string.Empty, outcome.Stderr);
    }

    [Theory]
    [InlineData("/dev/stdout")]
    [InlineData("/dev/fd/1")]
    [InlineData("/proc/self/fd/1")]
    public void Output_to_standard_output_prints_the_report(string path)
    {
        var outcome = PrivateMountNamespace.Run($"talguard scan --fail-on none --format json pod.yaml > plain.json; talguard scan --fail-on none --format json -o {path} pod.yaml > named.json; echo \"exit=$?\"; cmp plain.json named.json && echo same; stat -c %F /dev/null", _directory);

        Assert.Equal("exit=0\nsame\ncharacter special file\n", outcome.Stdout);
        Assert.Contains("\"schemaVersion\": 1", File.ReadAllText(Path.Combine(_directory, "named.json")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dev/stdout")]
    [InlineData("/proc/self/fd/1")]
    public void Output_to_standard_output_appended_to_a_log_appends(string path)
    {
        var outcome = PrivateMountNamespace.Run($"echo previous > log.txt; talguard scan --fail-on none --format json -o {path} pod.yaml >> log.txt; echo \"exit=$?\"; talguard scan --fail-on none --format json pod.yaml > plain.json; (echo previous; cat plain.json) | cmp - log.txt && echo appended", _directory);

        Assert.Equal("exit=0\nappended\n", outcome.Stdout);
    }

    [Fact]
    public void Output_to_dev_stderr_goes_to_standard_error()
    {
        var outcome = PrivateMountNamespace.Run("talguard rules -o /dev/stderr 2> rules.txt; echo \"exit=$?\"; talguard rules | cmp - rules.txt && echo same", _directory);

        Assert.Equal("exit=0\nsame\n", outcome.Stdout);
    }

    [Theory]
    [InlineData("/dev/stdin")]
    [InlineData("/proc/self/fd/0")]
    public void Output_to_standard_input_is_exit_2_and_never_blocks(string path)
    {
        var outcome = PrivateMountNamespace.Run($": | talguard rules -o {path}; echo \"exit=$?\"", _directory);

        Assert.Equal("exit=2\n", outcome.Stdout);
        Assert.Equal($"talguard: {path}: is standard input, not an output\n", outcome.Stderr);
    }

    [Fact]
    public void Output_to_dev_full_is_exit_2()
    {
        var outcome = PrivateMountNamespace.Run("mknod -m 666 /dev/full c 1 7; talguard rules -o /dev/full; echo \"exit=$?\"; stat -c %F /dev/full", _directory);

        Assert.Equal("exit=2\ncharacter special file\n", outcome.Stdout);
        Assert.Equal("talguard: /dev/full: cannot write: no space left on device\n", outcome.Stderr);
    }

    [Fact]
    public void Output_to_dev_stdout_through_a_pipe_reaches_the_reader()
    {
        var outcome = PrivateMountNamespace.Run("talguard rules --format json -o /dev/stdout | head -c 1; echo", _directory);

        Assert.Equal("{\n", outcome.Stdout);
    }

    [Fact]
    public void Output_to_a_fifo_is_written_in_place_and_the_fifo_stays()
    {
        var outcome = PrivateMountNamespace.Run("cat /dev/report.fifo > received.json & talguard scan --fail-on none --format json -o /dev/report.fifo pod.yaml; echo \"exit=$?\"; wait; stat -c %F /dev/report.fifo; ls -a /dev | grep -c talguard", _directory);

        Assert.Equal("exit=0\nfifo\n0\n", outcome.Stdout);
        Assert.Contains("\"schemaVersion\": 1", File.ReadAllText(Path.Combine(_directory, "received.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Output_on_a_read_only_file_system_is_exit_2_with_one_line()
    {
        var outcome = PrivateMountNamespace.Run("mkdir -p /mnt/ro && mount -t tmpfs -o ro tmpfs /mnt/ro; talguard scan -o /mnt/ro/report.txt pod.yaml; echo \"exit=$?\"", _directory);

        Assert.Equal("exit=2\n", outcome.Stdout);
        Assert.Equal("talguard: /mnt/ro/report.txt: cannot write: read-only file system\n", outcome.Stderr);
    }

    [Theory]
    [InlineData("/proc/version")]
    [InlineData("/proc/self/status")]
    [InlineData("/proc/report.json")]
    public void Output_under_proc_is_exit_2_with_one_line(string path)
    {
        var outcome = PrivateMountNamespace.Run($"talguard scan -o {path} pod.yaml; echo \"exit=$?\"", _directory);

        Assert.Equal("exit=2\n", outcome.Stdout);
        Assert.StartsWith($"talguard: {path}: cannot write: ", outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", outcome.Stderr, StringComparison.Ordinal);
        Assert.Single(outcome.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void A_write_that_fills_the_disk_is_exit_2_and_leaves_no_temporary_file()
    {
        var outcome = PrivateMountNamespace.Run("mkdir -p /mnt/small && mount -t tmpfs -o size=4k tmpfs /mnt/small; talguard rules --format json -o /mnt/small/rules.json; echo \"exit=$?\"; ls -A /mnt/small | wc -l", _directory);

        Assert.Equal("exit=2\n0\n", outcome.Stdout);
        Assert.Equal("talguard: /mnt/small/rules.json: cannot write: no space left on device\n", outcome.Stderr);
    }

    [Fact]
    public void A_key_set_that_does_not_fit_leaves_the_directory_as_it_was()
    {
        var outcome = PrivateMountNamespace.Run("mkdir -p /mnt/small && mount -t tmpfs -o size=12k tmpfs /mnt/small && echo kept > /mnt/small/notes; talguard secureboot keys --out /mnt/small; echo \"exit=$?\"; ls -A /mnt/small", _directory);

        Assert.Equal("exit=2\nnotes\n", outcome.Stdout);
        Assert.StartsWith("talguard: --out /mnt/small: cannot write: no space left on device", outcome.Stderr, StringComparison.Ordinal);
    }
}
