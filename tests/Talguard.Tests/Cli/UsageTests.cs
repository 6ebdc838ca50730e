using System.CommandLine;
using Talguard.Cli.Commands;

namespace Talguard.Tests.Cli;

/// <summary>
/// Command-line usage across the whole command tree: unknown options and commands are errors with a suggestion,
/// never file names; fixed values match in any case; conflicting options are one-line usage errors.
/// </summary>
public sealed class UsageTests
{
    /// <summary>Every command that runs something, as the words that name it (<c>etcd check</c>).</summary>
    public static TheoryData<string> RunnableCommands()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in Commands(CommandTree.Create(), []))
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RunnableCommands))]
    public void An_unknown_option_is_an_error_and_never_a_file_name(string command)
    {
        var outcome = Support.Cli.Run([.. command.Split(' '), "--no-such-option", "examples"]);

        Support.Cli.AssertOneLineInputError(outcome, $"unknown option --no-such-option (see talguard {command} --help)");
    }

    [Theory]
    [MemberData(nameof(RunnableCommands))]
    public void A_mistyped_option_suggests_the_one_meant(string command)
    {
        var target = Find(command);
        foreach (var name in target.Options.Select(o => o.Name).Where(n => n.Length >= 7 && n.StartsWith("--", StringComparison.Ordinal)))
        {
            // Drop the second letter: --format becomes --frmat.
            var typo = name.Remove(3, 1);
            var outcome = Support.Cli.Run([.. command.Split(' '), typo, "examples"]);

            Support.Cli.AssertOneLineInputError(outcome, $"unknown option {typo}; did you mean {name}?");
        }
    }

    [Theory]
    [InlineData(new[] { "scan", "--frmat", "json", "examples" }, "unknown option --frmat; did you mean --format?")]
    [InlineData(new[] { "scan", "--frmat=json", "examples" }, "unknown option --frmat; did you mean --format?")]
    [InlineData(new[] { "scan", "examples", "--fail", "high" }, "unknown option --fail; did you mean --fail-on?")]
    [InlineData(new[] { "scan", "-x", "examples" }, "unknown option -x (see talguard scan --help)")]
    [InlineData(new[] { "secureboot", "keys", "--ot", "keys" }, "unknown option --ot; did you mean --out?")]
    [InlineData(new[] { "scna", "examples" }, "unknown command 'scna'; did you mean 'scan'?")]
    [InlineData(new[] { "SCAN", "examples" }, "unknown command 'SCAN'; did you mean 'scan'?")]
    [InlineData(new[] { "rule" }, "unknown command 'rule'; did you mean 'rules'?")]
    [InlineData(new[] { "frobnicate" }, "unknown command 'frobnicate' (see talguard --help)")]
    [InlineData(new[] { "etcd", "chek", "snap.db" }, "unknown command 'etcd chek'; did you mean 'etcd check'?")]
    [InlineData(new[] { "secureboot", "inspct", "db.esl" }, "unknown command 'secureboot inspct'; did you mean 'secureboot inspect'?")]
    [InlineData(new[] { "etcd" }, "etcd needs a command: status, check (see talguard etcd --help)")]
    [InlineData(new[] { "--frmat" }, "unknown option --frmat (see talguard --help)")]
    public void Mistakes_get_one_line_naming_them(string[] args, string expected)
    {
        Support.Cli.AssertOneLineInputError(Support.Cli.Run(args), expected);
    }

    [Fact]
    public void A_dash_word_after_double_dash_is_a_file_name()
    {
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("scan", "--", "-x.yaml"), "-x.yaml: no such file or directory");
    }

    [Fact]
    public void Standard_input_dash_is_not_an_option()
    {
        Assert.Null(CommandLineUsage.Problem(CommandLineUsage.Parse(CommandTree.Create(), ["scan", "-"])));
    }

    /// <summary>Every option and argument of the tree that offers fixed values accepts each of them in upper case.</summary>
    [Fact]
    public void Fixed_values_match_in_any_case_everywhere()
    {
        var checkedValues = 0;
        foreach (var (path, command) in Commands(CommandTree.Create(), []))
        {
            foreach (var option in command.Options.Where(o => o.ValueType != typeof(bool)))
            {
                foreach (var value in option.GetCompletions(System.CommandLine.Completions.CompletionContext.Empty).Select(c => c.Label))
                {
                    var root = CommandTree.Create();
                    var parsed = CommandLineUsage.Parse(root, [.. path.Split(' '), option.Name, value.ToUpperInvariant()]);
                    var result = parsed.CommandResult.Children.OfType<System.CommandLine.Parsing.OptionResult>().Single(r => r.Option.Name == option.Name);
                    Assert.Equal(value, result.Tokens.Single().Value);
                    Assert.DoesNotContain(parsed.Errors, e => e.Message.Contains(value.ToUpperInvariant(), StringComparison.Ordinal));
                    checkedValues++;
                }
            }
        }

        Assert.True(checkedValues > 20, $"only {checkedValues} fixed values found");
    }

    [Fact]
    public void Upper_case_values_run_as_the_lower_case_ones()
    {
        var upper = Support.Cli.Run("scan", "examples/insecure-cluster", "--format", "JSON", "--fail-on", "NONE");
        var lower = Support.Cli.Run("scan", "examples/insecure-cluster", "--format", "json", "--fail-on", "none");

        Assert.Equal(0, upper.ExitCode);
        Assert.Equal(lower, upper);
        Assert.Equal(lower.Stdout, Support.Cli.Run("scan", "examples/insecure-cluster", "--format=Json", "--fail-on=None").Stdout);
    }

    [Fact]
    public void An_upper_case_rule_id_and_shell_are_read()
    {
        Assert.Equal(Support.Cli.Run("rules", "TG-DISK-001"), Support.Cli.Run("rules", "tg-disk-001"));
        Assert.Equal(Support.Cli.Run("completion", "bash"), Support.Cli.Run("completion", "BASH"));
    }

    [Theory]
    [InlineData(new[] { "pss", "--fix", "--out", "fixed", "--in-place", "examples/pod-security" }, "--in-place and --out exclude each other")]
    [InlineData(new[] { "pss", "--out", "fixed", "examples/pod-security" }, "--out only applies with --fix")]
    [InlineData(new[] { "pss", "--in-place", "examples/pod-security" }, "--in-place only applies with --fix")]
    [InlineData(new[] { "pss", "--fix", "examples/pod-security" }, "--fix needs --out DIR (patched copies) or --in-place")]
    [InlineData(new[] { "scan", "--merge", "--exclude", "x", "a.yaml", "b.yaml" }, "--exclude and --merge exclude each other")]
    [InlineData(new[] { "etcd", "check", "snap.db", "--config", "a.yaml", "--talos-secrets", "b.yaml" }, "give at most one of --encryption-config, --talos-secrets and --config")]
    [InlineData(new[] { "rules", "TG-DISK-001", "--format", "sarif" }, "--format sarif lists the whole catalog")]
    public void Conflicting_options_are_one_line_usage_errors(string[] args, string expected)
    {
        Support.Cli.AssertOneLineInputError(Support.Cli.Run(args), expected);
    }

    [Fact]
    public void Version_prints_the_version_and_the_commit()
    {
        var outcome = Support.Cli.Run("--version");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Matches(@"^talguard \d+\.\d+\.\d+\S* \((commit [0-9a-f]{7,}|unknown commit)\)\n$", outcome.Stdout);
    }

    [Theory]
    [InlineData("0.1.0+5ba92f53e618cb8e037a76b1965cfb9d66b60240", "talguard 0.1.0 (commit 5ba92f53e618cb8e037a76b1965cfb9d66b60240)")]
    [InlineData("0.1.0", "talguard 0.1.0 (unknown commit)")]
    [InlineData("0.2.0-rc.1+", "talguard 0.2.0-rc.1 (unknown commit)")]
    [InlineData(null, "talguard unknown (unknown commit)")]
    public void A_build_without_git_says_unknown_commit(string? informationalVersion, string expected)
    {
        Assert.Equal(expected, VersionAction.Describe(informationalVersion));
    }

    [Theory]
    [InlineData("frmat", new[] { "--format", "--fail-on" }, null)]
    [InlineData("--frmat", new[] { "--format", "--fail-on" }, "--format")]
    [InlineData("--fromat", new[] { "--format", "--output" }, "--format")]
    [InlineData("chek", new[] { "status", "check" }, "check")]
    [InlineData("zzzzzz", new[] { "status", "check" }, null)]
    [InlineData("TG-K8S-01", new[] { "TG-K8S-001", "TG-K8S-010" }, "TG-K8S-001")]
    public void Closest_is_within_a_third_of_the_word(string typed, string[] candidates, string? expected)
    {
        Assert.Equal(expected, CommandLineUsage.Closest(typed, candidates));
    }

    private static Command Find(string path)
    {
        Command command = CommandTree.Create();
        foreach (var word in path.Split(' '))
        {
            command = command.Subcommands.Single(c => c.Name == word);
        }

        return command;
    }

    private static IEnumerable<(string Path, Command Command)> Commands(Command command, IReadOnlyList<string> words)
    {
        if (words.Count > 0 && command.Action is not null)
        {
            yield return (string.Join(' ', words), command);
        }

        foreach (var subcommand in command.Subcommands)
        {
            foreach (var found in Commands(subcommand, [.. words, subcommand.Name]))
            {
                yield return found;
            }
        }
    }
}
