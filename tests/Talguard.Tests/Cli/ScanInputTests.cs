using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Tests.Cli;

/// <summary>
/// Loading what the user points <c>scan</c> at: files are parsed side by side, yet the result and the one error
/// reported are those of a one-by-one load, and bad input is one line with exit code 2 and nothing on stdout.
/// </summary>
public sealed class ScanInputTests : IDisposable
{
    private const string Config = "version: v1alpha1\nmachine:\n  type: worker\n";
    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-input-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("empty.yaml", "", "empty.yaml: empty file")]
    [InlineData("binary.yaml", "a: \0\u0001", "binary.yaml: binary file (contains NUL bytes), not YAML")]
    [InlineData("bad.yaml", "a: b\nc: [d\n  e: f: g\n", "bad.yaml:")]
    [InlineData("unknown.yaml", "hello: world\n", "unknown.yaml:1: not a Talos config")]
    [InlineData("comments.yaml", "# nothing but a comment\n---\n", "comments.yaml: no YAML documents")]
    public void Bad_file_is_one_line_naming_it_with_exit_code_2(string name, string text, string expected)
    {
        var path = Write(name, text);
        var outcome = Support.Cli.Run("scan", path, "--format", "json");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(string.Empty, outcome.Stdout);
        Assert.StartsWith("talguard: " + path[..^name.Length] + expected, outcome.Stderr, StringComparison.Ordinal);
        Assert.Single(outcome.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Not_utf8_is_an_input_error()
    {
        var path = Path.Combine(_directory, "latin1.yaml");
        File.WriteAllBytes(path, [.. "a: "u8, 0xE9, (byte)'\n']);
        var error = Assert.Throws<InputException>(() => InputLoader.Load([path]));
        Assert.Equal("not UTF-8 text", error.Message);
    }

    [Fact]
    public void Of_several_bad_files_the_first_in_directory_order_is_reported()
    {
        for (var i = 0; i < 40; i++)
        {
            Write($"ok-{i:D2}.yaml", Config);
        }

        Write("m-first.yaml", "a: [\n");
        Write("z-second.yaml", "\0");

        for (var run = 0; run < 5; run++)
        {
            var error = Assert.Throws<InputException>(() => InputLoader.Load([_directory]));
            Assert.EndsWith("m-first.yaml", error.File, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Command_line_order_decides_between_a_bad_file_and_a_missing_one()
    {
        var bad = Write("bad.yaml", "a: [\n");
        var missing = Path.Combine(_directory, "missing.yaml");

        Assert.EndsWith("bad.yaml", Assert.Throws<InputException>(() => InputLoader.Load([bad, missing])).File, StringComparison.Ordinal);
        Assert.EndsWith("missing.yaml", Assert.Throws<InputException>(() => InputLoader.Load([missing, bad])).File, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_keep_directory_then_command_line_order_and_unrecognised_files_in_a_directory_are_skipped()
    {
        for (var i = 39; i >= 0; i--)
        {
            Write($"node-{i:D2}.yaml", Config);
        }

        Write("notes.yaml", "hello: world\n");
        var single = Path.Combine(Directory.CreateTempSubdirectory("talguard-input-single-").FullName, "single.yaml");
        File.WriteAllText(single, Config);
        try
        {
            var files = InputLoader.Load([single, _directory]);

            Assert.Equal(41, files.Count);
            Assert.Equal(single, files[0].DisplayPath);
            Assert.Equal([.. Enumerable.Range(0, 40).Select(i => $"node-{i:D2}.yaml")], files.Skip(1).Select(f => Path.GetFileName(f.DisplayPath)));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(single)!, recursive: true);
        }
    }

    [Fact]
    public void Rules_run_side_by_side_report_what_they_report_one_at_a_time()
    {
        var examples = Path.Combine(Support.SharedData.RepositoryRoot, "examples");
        var options = new ScanOptions();
        static string Render(IEnumerable<Finding> findings) => string.Join('\n', findings
            .Select(f => $"{f.Location.File}:{f.Location.Line}:{f.Location.Column} {f.RuleId} {f.Severity} {f.Location.Path} {f.Message} {f.Patch} {f.Suppressed}"));

        var together = Render(Scanner.Scan(new ClusterModel(InputLoader.Load([examples]), options.Targets), options, RuleCatalog.ScanRules).Findings);

        var model = new ClusterModel(InputLoader.Load([examples]), options.Targets);
        var oneAtATime = RuleCatalog.ScanRules.SelectMany(rule => Scanner.Scan(model, options, [rule]).Findings).ToList();
        oneAtATime.Sort(Finding.Compare);

        Assert.NotEmpty(oneAtATime);
        Assert.Equal(Render(oneAtATime), together);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
