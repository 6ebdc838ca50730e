using System.Text;

namespace Talguard.Tests.Cli;

/// <summary>
/// Hostile inputs end in time with exit code 2 and one line: devices and endless streams as inputs, keys, exceptions
/// files and node state; closed or directory standard input; empty directories and paths; integers beyond 64 bits;
/// merge keys that would hide a finding.
/// </summary>
public sealed class InputRobustnessCliTests : IDisposable
{
    /// <summary>Kills a child that hangs; a run that ends is far quicker.</summary>
    private static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(30);

    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-robust-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("scan", "/dev/zero")]
    [InlineData("scan", "--exceptions", "/dev/zero", "examples")]
    [InlineData("secureboot", "inspect", "/dev/zero")]
    [InlineData("secureboot", "verify", "--securitystate", "/dev/zero")]
    [InlineData("etcd", "status", "/dev/zero")]
    [InlineData("etcd", "check", "/dev/zero")]
    [InlineData("etcd", "check", "missing.db", "--talos-secrets", "/dev/zero")]
    [InlineData("etcd", "check", "missing.db", "--encryption-config", "/dev/zero")]
    [InlineData("etcd", "check", "missing.db", "--config", "/dev/zero")]
    public void Dev_zero_as_any_input_is_one_line_and_exit_code_2(params string[] args) =>
        Support.Cli.AssertOneLineInputError(Support.Cli.Run(args), "/dev/zero: ");

    [Fact]
    public void Dev_zero_as_a_signing_key_or_certificate_writes_nothing()
    {
        var esl = Write("empty.esl", string.Empty);
        var auth = Path.Combine(_directory, "db.auth");
        foreach (var (key, cert) in new[] { ("/dev/zero", "/dev/zero"), (Write("k.pem", "x"), "/dev/zero") })
        {
            var outcome = Support.Cli.Run("secureboot", "sign-list", esl, auth, "--key", key, "--cert", cert, "--var", "db");
            Assert.Equal(2, outcome.ExitCode);
            Assert.Contains("/dev/zero: ", outcome.Stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(auth));
        }

        var verify = Support.Cli.Run("secureboot", "verify", "--securitystate", Write("state.yaml", "spec: {secureBoot: true}\n"), "--uki-cert", "/dev/zero");
        Support.Cli.AssertOneLineInputError(verify, "/dev/zero: ");
    }

    [Fact]
    public void A_directory_where_etcd_check_wants_one_key_file_is_an_input_error()
    {
        var keys = Directory.CreateDirectory(Path.Combine(_directory, "keys")).FullName;
        File.WriteAllText(Path.Combine(keys, "a.yaml"), "version: v1alpha1\nmachine:\n  type: controlplane\n");
        File.WriteAllText(Path.Combine(keys, "b.yaml"), "version: v1alpha1\nmachine:\n  type: controlplane\n");

        Support.Cli.AssertOneLineInputError(Support.Cli.Run("etcd", "check", "missing.db", "--config", keys), keys + ": a directory of several files");
    }

    [Fact]
    public void An_empty_path_is_an_input_error() =>
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("scan", string.Empty), "empty path");

    [Fact]
    public void An_empty_directory_is_an_input_error_not_a_clean_pass()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_directory, "empty")).FullName;
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("scan", empty), empty + ": no Talos or Kubernetes YAML under it");
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("pss", empty), empty + ": no Talos or Kubernetes YAML under it");
    }

    [Theory]
    [InlineData("  sysctls:\n    net.ipv4.ip_forward: 0o77777777777777777777777\n")]
    [InlineData("  sysctls:\n    kernel.kptr_restrict: 0777777777777777777777\n")]
    [InlineData("  sysctls:\n    kernel.kptr_restrict: 0xFFFFFFFFFFFFFFFFFFFF\n")]
    [InlineData("  files:\n    - content: x\n      path: /var/f\n      op: create\n      permissions: 0o77777777777777777777777\n")]
    [InlineData("  kubelet:\n    extraArgs:\n      read-only-port: 0777777777777777777777\n")]
    public void An_integer_beyond_64_bits_is_never_an_internal_error(string machine)
    {
        var path = Write("overflow.yaml", "version: v1alpha1\nmachine:\n  type: worker\n" + machine);
        var outcome = Support.Cli.Run("scan", path, "--format", "json");
        Assert.InRange(outcome.ExitCode, 0, 2);
        Assert.DoesNotContain("internal error", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pod_whose_settings_come_through_merge_keys_is_judged_like_the_written_out_one()
    {
        const string Header = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: default}\n";
        var written = Write("written.yaml", Header + """
            spec:
              hostPID: true
              containers:
                - name: c
                  image: nginx
                  securityContext: {privileged: true}
            """);
        var merged = Write("merged.yaml", Header + """
            x-defaults: &host {hostPID: true}
            spec:
              <<: *host
              containers:
                - name: c
                  image: nginx
                  securityContext:
                    <<: [{privileged: true}, {privileged: false}]
            """);

        string[] Messages(string path, params string[] verb) =>
            [.. Support.Cli.Run([.. verb, path, "--format", "json"]).Stdout.Split('\n').Where(l => l.Contains("\"message\"", StringComparison.Ordinal)).Select(l => l.Trim())];

        var pss = Messages(written, "pss", "--level", "baseline");
        Assert.Contains(pss, m => m.Contains("hostPID=true", StringComparison.Ordinal));
        Assert.Contains(pss, m => m.Contains("privileged=true", StringComparison.Ordinal));
        Assert.Equal(pss, Messages(merged, "pss", "--level", "baseline"));
        Assert.Equal(1, Support.Cli.Run("pss", merged, "--level", "baseline").ExitCode);
    }

    [Fact]
    public void A_worker_ca_key_that_comes_through_a_merge_key_fires_like_the_written_out_one()
    {
        var written = Write("written.yaml", "version: v1alpha1\nmachine:\n  type: worker\n  ca:\n    crt: Y3J0\n    key: a2V5\n");
        var merged = Write("merged.yaml", "version: v1alpha1\nmachine:\n  type: worker\n  ca:\n    <<: {crt: Y3J0, key: a2V5}\n");

        foreach (var path in new[] { written, merged })
        {
            var outcome = Support.Cli.Run("scan", path, "--format", "json");
            Assert.Equal(1, outcome.ExitCode);
            Assert.Contains("\"ruleId\": \"TG-CERT-001\"", outcome.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_alias_bomb_ends_with_exit_code_2()
    {
        var text = new StringBuilder("version: v1alpha1\nmachine:\n  type: worker\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        var previous = "a";
        foreach (var name in "bcdefghi")
        {
            text.Append($"  {name}: &{name} [").AppendJoin(", ", Enumerable.Repeat("*" + previous, 9)).Append("]\n");
            previous = name.ToString();
        }

        var path = Write("bomb.yaml", text.ToString());
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("scan", path), path + ":");
        Assert.Contains("document contains excessive aliasing", Support.Cli.Run("scan", path).Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-", "<&-", "talguard: -: standard input is closed\n")]
    [InlineData("/dev/stdin", "<&-", "talguard: /dev/stdin: standard input is closed\n")]
    [InlineData("-", "< /dev/zero", "talguard: -: binary file (contains NUL bytes), not YAML\n")]
    [InlineData("-", "< /", "talguard: -: cannot read: ")]
    [InlineData("- -", "< EXAMPLE_WORKER", "talguard: -: standard input named more than once (it can be read only once)\n")]
    public void Standard_input_that_is_closed_endless_a_directory_or_named_twice_is_exit_code_2(string input, string redirection, string expected)
    {
        var worker = Path.Combine(Support.SharedData.RepositoryRoot, "examples", "insecure-cluster", "worker.yaml");
        var (exitCode, stdout, stderr) = Support.Cli.RunProcess(
            Directory.GetCurrentDirectory(), redirection.Replace("EXAMPLE_WORKER", worker, StringComparison.Ordinal), KillAfter, ["scan", .. input.Split(' ')]);

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith(expected, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
    }
}
