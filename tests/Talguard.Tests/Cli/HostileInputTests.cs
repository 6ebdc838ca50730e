namespace Talguard.Tests.Cli;

/// <summary>
/// Finds of the adversarial sweep after the issue #9 merge: option values and paths that reached a .NET API
/// unchecked (exit 3) or made a check pass without examining anything. Each must be exit 2 with one line.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private const string Vectors = "../shared/vectors";

    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-hostile-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>FileStream refuses "" with an ArgumentException; every file-taking option got "internal error", exit 3.</summary>
    [Theory]
    [InlineData("scan", "--exceptions", "", "examples")]
    [InlineData("secureboot", "inspect", "")]
    [InlineData("secureboot", "sign-list", "--key", "", "--cert", Vectors + "/secureboot/keys/db.crt", "--var", "db", Vectors + "/secureboot/esl/db.esl", "OUT")]
    [InlineData("secureboot", "sign-list", "--key", Vectors + "/secureboot/keys/db.key", "--cert", "", "--var", "db", Vectors + "/secureboot/esl/db.esl", "OUT")]
    [InlineData("secureboot", "sign-list", "--key", Vectors + "/secureboot/keys/db.key", "--cert", Vectors + "/secureboot/keys/db.crt", "--var", "db", "", "OUT")]
    [InlineData("secureboot", "verify", "--securitystate", "")]
    [InlineData("secureboot", "verify", "--securitystate", "STATE", "--uki-cert", "")]
    [InlineData("secureboot", "verify", "--securitystate", "STATE", "--pcr-key", "")]
    [InlineData("etcd", "status", "")]
    [InlineData("etcd", "check", "")]
    public void An_empty_path_is_an_input_error(params string[] args)
    {
        var state = Path.Combine(_directory, "state.yaml");
        File.WriteAllText(state, "spec: {secureBoot: true}\n");
        var output = Path.Combine(_directory, "out.auth");
        string[] resolved = [.. args.Select(a => a switch { "STATE" => state, "OUT" => output, _ => a })];

        Support.Cli.AssertOneLineInputError(Support.Cli.Run(resolved), "empty path");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Secure_boot_keys_into_an_empty_directory_path_is_an_error()
    {
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("secureboot", "keys", "--out", string.Empty, "--validity-days", "1"), "--out \"\": an empty output directory path");
    }

    /// <summary>Was exit 2 with .NET's "The file '…' already exists.", naming neither the option nor what to change.</summary>
    [Fact]
    public void Pss_fix_out_at_a_file_names_the_option()
    {
        var file = Path.Combine(_directory, "not-a-directory");
        File.WriteAllText(file, "keep");

        Support.Cli.AssertOneLineInputError(Support.Cli.Run("pss", "--fix", "--out", file, "examples/pod-security/shop.yaml"), $"--out {file}: cannot create the directory");
        Assert.Equal("keep", File.ReadAllText(file));
    }

    /// <summary>A resource name no etcd key can carry matched nothing, and the check passed with 0 findings.</summary>
    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("../..")]
    [InlineData("secrets/")]
    [InlineData("SECRETS")]
    [InlineData("*")]
    public void An_etcd_resource_that_cannot_name_a_key_is_a_usage_error(string resource)
    {
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("etcd", "check", Vectors + "/etcd/snap.db", "--resource", resource), "--resource: ");
    }

    [Theory]
    [InlineData("configmaps")]
    [InlineData("cert-manager.io/certificates")]
    public void An_etcd_resource_name_as_etcd_writes_it_is_accepted(string resource)
    {
        var outcome = Support.Cli.Run("etcd", "check", Vectors + "/etcd/snap.db", "--resource", resource);

        Assert.InRange(outcome.ExitCode, 0, 1);
    }

    /// <summary>A key written as an alias of a secret was quoted by TG-CONF-001/-002, in the message and the path.</summary>
    [Theory]
    [InlineData("json")]
    [InlineData("sarif")]
    [InlineData("junit")]
    [InlineData("table")]
    public void A_key_written_as_an_alias_of_a_secret_is_shown_by_the_alias_name(string format)
    {
        var config = Path.Combine(_directory, "alias-key.yaml");
        File.WriteAllText(config, "version: v1alpha1\nmachine:\n  type: controlplane\n  token: &t SUPERSECRETTOKEN\n  sysctls:\n    *t : \"1\"\n    *t : \"2\"\n  *t : y\n");

        var outcome = Support.Cli.Run("scan", "--format", format, config);

        Assert.Equal(1, outcome.ExitCode);
        Assert.DoesNotContain("SUPERSECRETTOKEN", outcome.Stdout + outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("*t", outcome.Stdout, StringComparison.Ordinal);
    }

    /// <summary><c>--in-place</c> with <c>--out</c> fixed in place and ignored <c>--out</c>; either without <c>--fix</c> did nothing.</summary>
    [Theory]
    [InlineData("--fix", "--in-place", "--out", "DIR")]
    [InlineData("--out", "DIR")]
    [InlineData("--in-place")]
    public void Conflicting_pss_fix_options_are_usage_errors(params string[] options)
    {
        var input = Path.Combine(_directory, "shop.yaml");
        File.Copy(Path.Combine(Support.SharedData.RepositoryRoot, "examples/pod-security/shop.yaml"), input);
        var before = File.ReadAllBytes(input);
        string[] args = ["pss", .. options.Select(o => o == "DIR" ? Path.Combine(_directory, "out") : o), input];

        var outcome = Support.Cli.Run(args);

        Support.Cli.AssertOneLineInputError(outcome, "--");
        Assert.Equal(before, File.ReadAllBytes(input));
        Assert.False(Directory.Exists(Path.Combine(_directory, "out")));
    }
}
