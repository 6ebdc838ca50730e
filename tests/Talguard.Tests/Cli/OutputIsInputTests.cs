using Talguard.Tests.Support;

namespace Talguard.Tests.Cli;

/// <summary>An output path that names one of the run's inputs is a usage error, and the input is left untouched.</summary>
public sealed class OutputIsInputTests : IDisposable
{
    private const string Config = "version: v1alpha1\nmachine:\n  type: controlplane\n  ca: {crt: Y3J0, key: a2V5}\n";

    private const string Privileged = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec:\n  containers:\n  - name: app\n    image: nginx\n    securityContext: {privileged: true}\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-output-input-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static void AssertRefused(Support.Cli.Outcome outcome, string expectedStart)
    {
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith(expectedStart, outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("is also an input of this run", outcome.Stderr, StringComparison.Ordinal);
        Assert.Single(outcome.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Scan_output_to_its_own_input_is_refused()
    {
        var config = Write("cp.yaml", Config);

        AssertRefused(Support.Cli.Run("scan", "-o", config, config), $"talguard: -o {config}: ");
        Assert.Equal(Config, File.ReadAllText(config));
    }

    [Fact]
    public void Scan_output_to_a_file_inside_a_scanned_directory_is_refused()
    {
        var config = Write("cluster/nodes/cp.yaml", Config);

        AssertRefused(Support.Cli.Run("scan", "-o", config, Path.Combine(_directory, "cluster")), "talguard: -o ");
        Assert.Equal(Config, File.ReadAllText(config));
    }

    [Fact]
    public void Scan_output_through_a_symbolic_or_hard_link_to_an_input_is_refused()
    {
        var config = Write("cp.yaml", Config);
        var symbolic = Path.Combine(_directory, "report-link.json");
        File.CreateSymbolicLink(symbolic, config);
        var hard = Path.Combine(_directory, "report-hard.json");
        Assert.Equal(0, SecureBootFixturesRun("ln", config, hard));

        AssertRefused(Support.Cli.Run("scan", "-o", symbolic, config), "talguard: -o ");
        AssertRefused(Support.Cli.Run("scan", "-o", hard, config), "talguard: -o ");
        Assert.Equal(Config, File.ReadAllText(config));
    }

    [Fact]
    public void Scan_output_beside_the_inputs_that_is_not_read_is_written()
    {
        Write("cluster/cp.yaml", Config);
        var report = Write("cluster/report.json", "previous run");

        var outcome = Support.Cli.Run("scan", "--format", "json", "--fail-on", "none", "-o", report, Path.Combine(_directory, "cluster"));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("\"schemaVersion\": 1", File.ReadAllText(report), StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_output_to_the_exceptions_file_is_refused()
    {
        var config = Write("cp.yaml", Config);
        const string Exceptions = "exceptions: []\n";
        var exceptions = Write("exceptions.yaml", Exceptions);

        AssertRefused(Support.Cli.Run("scan", "--exceptions", exceptions, "-o", exceptions, config), "talguard: -o ");
        Assert.Equal(Exceptions, File.ReadAllText(exceptions));
    }

    [Fact]
    public void Etcd_check_output_to_the_snapshot_is_refused_before_it_is_read()
    {
        var snapshot = Write("s.db", "not even a snapshot");

        AssertRefused(Support.Cli.Run("etcd", "check", snapshot, "-o", snapshot), $"talguard: -o {snapshot}: ");
        Assert.Equal("not even a snapshot", File.ReadAllText(snapshot));
    }

    [Fact]
    public void Sign_list_output_to_the_private_key_is_refused()
    {
        using var keys = new Hardening.SecureBoot.TemporaryDirectory();
        Assert.Equal(0, Support.Cli.Run("secureboot", "keys", "--out", keys.Path).ExitCode);
        var key = Path.Combine(keys.Path, "KEK.key");
        var before = File.ReadAllBytes(key);

        var outcome = Support.Cli.Run("secureboot", "sign-list", "--key", key, "--cert", Path.Combine(keys.Path, "KEK.crt"), "--var", "db", Path.Combine(keys.Path, "db.esl"), key);

        AssertRefused(outcome, $"talguard: OUT {key}: ");
        Assert.Equal(before, File.ReadAllBytes(key));
        Assert.Equal(string.Empty, outcome.Stdout);
    }

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    public void Pss_output_to_its_input_is_refused(string format)
    {
        var pod = Write("pod.yaml", Privileged);

        AssertRefused(Support.Cli.Run("pss", "--format", format, "-o", pod, pod), $"talguard: -o {pod}: ");
        Assert.Equal(Privileged, File.ReadAllText(pod));
    }

    [Fact]
    public void Pss_fix_copies_that_would_land_on_an_input_are_refused()
    {
        var pod = Write("pod.yaml", Privileged);

        var outcome = Support.Cli.Run("pss", "--fix", "--out", Path.GetDirectoryName(Path.GetRelativePath(SharedData.RepositoryRoot, pod))!, Path.GetRelativePath(SharedData.RepositoryRoot, pod));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("is also an input of this run", outcome.Stderr, StringComparison.Ordinal);
        Assert.Equal(Privileged, File.ReadAllText(pod));
    }

    [Fact]
    public void Pss_fix_never_writes_two_inputs_to_one_copy()
    {
        var first = Write("team-a/pod.yaml", Privileged);
        var second = Write("team-b/pod.yaml", Privileged.Replace("web", "api", StringComparison.Ordinal));
        var output = Path.Combine(_directory, "fixed");

        var outcome = Support.Cli.Run("pss", "--fix", "--out", output, first, second);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"talguard: --out {output}: {first} and {second} would both be written to {Path.Combine(output, "pod.yaml")}; fix them in separate runs\n", outcome.Stderr);
        Assert.False(Directory.Exists(output));
    }

    private static int SecureBootFixturesRun(string tool, params string[] arguments) =>
        Hardening.SecureBoot.SecureBootFixtures.Run(tool, arguments).ExitCode;
}
