using Talguard.Tests.Support;

namespace Talguard.Tests.Fuzzing;

/// <summary>
/// Replays the minimal reproducer of every crash the fuzzers found (regressions/*.yaml) through the built CLI
/// as a subprocess, so inputs that once overflowed the stack or hung can only fail this test, never end the test
/// host. The first line of each file names the arguments (<c># talguard-args: scan --format junit</c>); the file
/// itself is the last argument. Each must end within the time limit with exit 0, 1 or 2, and an exit 2 is one
/// line naming the file, never an internal error.
/// </summary>
public sealed class FuzzRegressionTests
{
    private const string ArgumentsPrefix = "# talguard-args: ";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static string RegressionsDirectory { get; } = Path.Combine(SharedData.RepositoryRoot, "tests", "Talguard.Tests", "Fuzzing", "regressions");

    public static TheoryData<string> Reproducers() =>
        [.. Directory.EnumerateFiles(RegressionsDirectory).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Reproducers))]
    public void Reproducer_ends_in_time_with_a_clean_exit(string name)
    {
        var firstLine = File.ReadLines(Path.Combine(RegressionsDirectory, name)).First();
        Assert.StartsWith(ArgumentsPrefix, firstLine, StringComparison.Ordinal);
        string[] args = [.. firstLine[ArgumentsPrefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries), name];

        var (exitCode, _, errors) = Support.Cli.RunProcess(RegressionsDirectory, string.Empty, Limit, args);

        Assert.True(exitCode is 0 or 1 or 2, $"{name}: exit {exitCode}\n{Shorten(errors)}");
        if (exitCode == 2)
        {
            Assert.StartsWith("talguard: " + name, errors, StringComparison.Ordinal);
            Assert.Single(errors.TrimEnd('\n').Split('\n'));
        }
    }

    private static string Shorten(string text) => text.Length > 600 ? text[..600] + "…" : text;
}
