using Talguard.Tests.Support;

namespace Talguard.Tests.Cli;

public class ScanCliTests
{
    [Fact]
    public void Missing_path_is_an_input_error_with_the_file_named()
    {
        var outcome = Support.Cli.Run("scan", "does/not/exist.yaml");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("talguard: does/not/exist.yaml: no such file or directory\n", outcome.Stderr);
        Assert.Equal(string.Empty, outcome.Stdout);
    }

    [Fact]
    public void Unknown_format_is_a_usage_error()
    {
        var outcome = Support.Cli.Run("scan", "--format", "xml", "examples");
        Assert.Equal(2, outcome.ExitCode);
        Assert.DoesNotContain('\n', outcome.Stderr.TrimEnd('\n'));
    }
}
