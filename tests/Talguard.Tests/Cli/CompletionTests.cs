using System.Diagnostics;
using Talguard.Cli.Commands;

namespace Talguard.Tests.Cli;

/// <summary>
/// <c>talguard completion SHELL</c>: each script parses in its shell, and the bash script, run as bash runs it on
/// TAB, offers verbs, options and option values taken from the command tree.
/// </summary>
public sealed class CompletionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-completion-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("bash", "-n")]
    [InlineData("zsh", "-n")]
    [InlineData("fish", "--no-execute")]
    public void The_script_parses_in_its_shell(string shell, string syntaxOnly)
    {
        // The Debian package is named after the shell; .ci/run installs all three. PowerShell has no Debian package, so
        // its script is only checked for content (Every_verb_and_option_is_in_every_script).
        var interpreter = Support.SharedData.RequireTool(shell, shell);
        var path = Path.Combine(_directory, "talguard." + shell);
        File.WriteAllText(path, Script(shell));
        var outcome = Run(interpreter, syntaxOnly, path);

        Assert.True(outcome.ExitCode == 0, $"{shell} rejects the script: {outcome.Output}");
    }

    [Theory]
    [InlineData("", "init harden scan rules pss secureboot etcd certs verify collect audit talosconfig kubeconfig rbac compliance completion")]
    [InlineData("collect --k", "--kubeconfig --kubectl")]
    [InlineData("rbac ", "who-can explain")]
    [InlineData("s", "scan secureboot")]
    [InlineData("etcd ", "status check")]
    [InlineData("etcd ch", "check")]
    [InlineData("scan --fo", "--format")]
    [InlineData("scan --format ", "compact html json junit markdown policyreport sarif table")]
    [InlineData("scan -f j", "json junit")]
    [InlineData("scan --fail-on h", "high")]
    [InlineData("pss --level r", "restricted")]
    [InlineData("secureboot sign-list --var ", "db dbx KEK PK")]
    [InlineData("completion ", "bash fish pwsh zsh")]
    [InlineData("rules TG-DISK-00", "TG-DISK-001 TG-DISK-002 TG-DISK-003 TG-DISK-004 TG-DISK-005 TG-DISK-006 TG-DISK-007 TG-DISK-008")]
    public void Bash_offers_what_the_command_tree_accepts(string typed, string expected)
    {
        var bash = Support.SharedData.RequireTool("bash", "bash");
        var path = Path.Combine(_directory, "talguard.bash");
        File.WriteAllText(path, Script("bash"));
        var words = ("talguard " + typed).Split(' ');
        var assignment = string.Join(' ', words.Select(w => $"'{w}'"));
        var outcome = Run(bash, "-c", $"source '{path}'; COMP_WORDS=({assignment}); COMP_CWORD={words.Length - 1}; _talguard; echo \"${{COMPREPLY[*]}}\"");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(expected, outcome.Output.TrimEnd('\n'));
    }

    /// <summary>After a PATH word or a flag (which takes no value) come files; after an option that takes a file, too.</summary>
    [Theory]
    [InlineData("scan con")]
    [InlineData("scan --merge con")]
    [InlineData("scan --help con")]
    [InlineData("scan -o con")]
    [InlineData("pss --fix --out con")]
    public void Bash_offers_files_where_a_command_takes_paths(string typed)
    {
        File.WriteAllText(Path.Combine(_directory, "controlplane.yaml"), "version: v1alpha1\n");
        var bash = Support.SharedData.RequireTool("bash", "bash");
        var path = Path.Combine(_directory, "talguard.bash");
        File.WriteAllText(path, Script("bash"));
        var words = ("talguard " + typed).Split(' ');
        var outcome = Run(bash, "-c", $"cd '{_directory}'; source '{path}'; COMP_WORDS=({string.Join(' ', words)}); COMP_CWORD={words.Length - 1}; _talguard; echo \"${{COMPREPLY[*]}}\"");

        Assert.Equal("controlplane.yaml", outcome.Output.TrimEnd('\n'));
    }

    [Fact]
    public void Flags_take_no_value_in_any_script()
    {
        var nodes = CompletionNode.Collect(CommandTree.Create());
        var flags = nodes.SelectMany(n => n.Options).Where(o => o.Names.Contains("--help") || o.Names.Contains("--merge"))
            .Concat(nodes[0].Options.Where(o => o.Names.Contains("--version")))
            .ToList();

        Assert.Equal(nodes.Count + 2, flags.Count);
        Assert.All(flags, o => Assert.False(o.TakesValue, string.Join('/', o.Names)));
        Assert.True(nodes.Single(n => n.Path == "talguard pss").Options.Single(o => o.Names.Contains("--version")).TakesValue);
    }

    [Fact]
    public void Every_verb_and_option_is_in_every_script()
    {
        var nodes = CompletionNode.Collect(CommandTree.Create());
        foreach (var shell in CompletionCommand.Shells)
        {
            var script = Script(shell);
            foreach (var node in nodes)
            {
                Assert.Contains(node.Path, script, StringComparison.Ordinal);
                foreach (var option in node.Options.Where(o => o.Names[0].StartsWith("--", StringComparison.Ordinal)))
                {
                    Assert.Contains(shell == "fish" ? "-l " + option.Names[0][2..] : option.Names[0], script, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void An_unknown_shell_is_a_usage_error()
    {
        var outcome = Support.Cli.Run("completion", "tcsh");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("tcsh", outcome.Stderr, StringComparison.Ordinal);
    }

    private static string Script(string shell)
    {
        var outcome = Support.Cli.Run("completion", shell);
        Assert.Equal(0, outcome.ExitCode);
        return outcome.Stdout;
    }

    private static (int ExitCode, string Output) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} still running after 30 s");
        }

        return (process.ExitCode, stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult());
    }
}
