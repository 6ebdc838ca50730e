namespace Talguard.Tests.Hardening.Harden;

/// <summary><c>talguard harden</c> as a user runs it: the real profile reader, every generator, exit codes and streams.</summary>
public sealed class HardenCommandTests : IDisposable
{
    private const string Profile = "examples/profile/talguard.profile.yaml";

    private const string WorkerBase = "tests/Talguard.Tests/Corpus/gen-config/v1.12/worker.yaml";

    private readonly string _root = Directory.CreateTempSubdirectory("talguard-harden-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_example_profile_hardens_a_base_and_diff_prints_only_the_change_then_nothing()
    {
        var first = Support.Cli.Run("harden", "--profile", Profile, "--out", Out("one"), "--base", WorkerBase, "--diff");

        Assert.Equal(0, first.ExitCode);
        Assert.StartsWith("--- a/worker.yaml\n+++ b/merged/worker.yaml\n@@ ", first.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("wrote " + Out("one") + ": README.md, controlplane.patch.yaml, ", first.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Out("one"), "controlplane.patch.yaml")));

        var again = Support.Cli.Run("harden", "--profile", Profile, "--out", Out("two"), "--base", Path.Combine(Out("one"), "merged", "worker.yaml"), "--diff");

        Assert.Equal(0, again.ExitCode);
        Assert.Equal(string.Empty, again.Stdout);
    }

    [Fact]
    public void An_invalid_profile_is_one_line_naming_the_field_and_nothing_is_written()
    {
        var profile = Path.Combine(_root, "bad.profile.yaml");
        File.WriteAllText(profile, "apiVersion: talguard.dev/v1alpha1\nkind: HardeningProfile\ndiskEncryption:\n  mode: luks-please\n");

        var outcome = Support.Cli.Run("harden", "--profile", profile, "--out", Out("hardened"));

        Support.Cli.AssertOneLineInputError(outcome, profile + ":4: ");
        Assert.Contains("diskEncryption.mode", outcome.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out("hardened")));
        Assert.Equal(["bad.profile.yaml"], Directory.EnumerateFileSystemEntries(_root).Select(Path.GetFileName));
    }

    [Fact]
    public void Diff_without_a_base_is_a_usage_error()
    {
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("harden", "--profile", Profile, "--out", Out("hardened"), "--diff"), "--diff shows what hardening changes in a --base");
        Assert.False(Directory.Exists(Out("hardened")));
    }

    [Fact]
    public void A_directory_of_someone_else_is_refused_with_exit_2()
    {
        Directory.CreateDirectory(Out("mine"));
        File.WriteAllText(Path.Combine(Out("mine"), "keep.txt"), "mine\n");

        Support.Cli.AssertOneLineInputError(Support.Cli.Run("harden", "--profile", Profile, "--out", Out("mine")), Out("mine") + ": is not empty and is no talguard harden output");
        Assert.Equal("mine\n", File.ReadAllText(Path.Combine(Out("mine"), "keep.txt")));
    }

    private string Out(string name) => Path.Combine(_root, name);
}
