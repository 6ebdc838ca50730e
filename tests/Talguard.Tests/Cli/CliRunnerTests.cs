using System.CommandLine;
using System.Text;
using Talguard.Cli;

namespace Talguard.Tests.Cli;

/// <summary>How <see cref="CliRunner"/> maps what escapes a verb to an exit code and one line.</summary>
public class CliRunnerTests
{
    private static (int ExitCode, string Stderr) RunThrowing(Exception exception)
    {
        var verb = new Command("fail");
        verb.SetAction(int (_) => throw exception);
        var stderr = new StringWriter(new StringBuilder());
        var code = CliRunner.Run(new RootCommand { verb }, ["fail"], new StringWriter(new StringBuilder()), stderr);
        return (code, stderr.ToString());
    }

    [Fact]
    public void A_file_system_refusal_is_exit_2_on_one_line()
    {
        var (code, stderr) = RunThrowing(new IOException("No space left on device : '/data/report.json'\nsecond line"));

        Assert.Equal(2, code);
        Assert.Equal("talguard: No space left on device : '/data/report.json' second line\n", stderr);
    }

    [Fact]
    public void Permission_denied_is_exit_2()
    {
        var (code, stderr) = RunThrowing(new UnauthorizedAccessException("Access to the path '/etc/x' is denied."));

        Assert.Equal(2, code);
        Assert.Equal("talguard: Access to the path '/etc/x' is denied.\n", stderr);
    }

    [Fact]
    public void Out_of_memory_is_exit_2_without_a_trace()
    {
        var (code, stderr) = RunThrowing(new OutOfMemoryException());

        Assert.Equal(2, code);
        Assert.Equal("talguard: input too large: out of memory\n", stderr);
    }

    [Fact]
    public void A_genuine_bug_stays_an_internal_error()
    {
        var (code, stderr) = RunThrowing(new InvalidOperationException("broken\ninvariant"));

        Assert.Equal(3, code);
        Assert.Equal("talguard: internal error (InvalidOperationException): broken invariant\n", stderr);
    }

    [Fact]
    public void A_usage_error_quoting_a_hostile_name_stays_one_escaped_line()
    {
        var (code, stderr) = RunThrowing(new UsageException("-o rep\u001b[2Jort\njson: is a directory"));

        Assert.Equal(2, code);
        Assert.Equal("talguard: -o rep\\x1b[2Jort\\x0ajson: is a directory\n", stderr);
    }

    [Fact]
    public void An_error_line_has_a_bounded_length()
    {
        var (code, stderr) = RunThrowing(new UsageException("--exceptions: unknown key '" + new string('k', 1_000_000) + "'"));

        Assert.Equal(2, code);
        Assert.True(stderr.Length < 2100, $"error line of {stderr.Length} characters");
        Assert.EndsWith("'\n", stderr, StringComparison.Ordinal);
    }
}
