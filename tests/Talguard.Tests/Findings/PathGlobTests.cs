using System.Text;
using System.Text.RegularExpressions;
using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Tests.Findings;

public class PathGlobTests
{
    [Theory]
    [InlineData("**", "", true)]
    [InlineData("**/", "a/", true)]
    [InlineData("a**b", "a/x/b", true)]
    [InlineData("a*b", "a/b", false)]
    [InlineData("a/**", "a/", true)]
    [InlineData("**/c.yaml", "a/b/c.yaml", true)]
    [InlineData("**/c.yaml", "ac.yaml", false)]
    [InlineData("***.yaml", "a/b.yaml", true)]
    [InlineData("**/**/c.yaml", "c.yaml", true)]
    [InlineData("a/*/c", "a//c", true)]
    [InlineData("[ab]+.yaml", "[ab]+.yaml", true)]
    [InlineData("[ab]+.yaml", "a.yaml", false)]
    [InlineData("new\nline.yaml", "new\nline.yaml", true)]
    [InlineData("**", "new\nline.yaml", true)]
    public void Globs_match_as_documented(string glob, string path, bool matches) =>
        Assert.Equal(matches, new PathGlob(glob).IsMatch(path));

    /// <summary>The matcher agrees with the regular expression globs used to be translated to, on a few thousand pairs.</summary>
    [Fact]
    public void Matching_agrees_with_the_former_regex_translation()
    {
        var random = new Random(9);
        string[] globParts = ["a", "b", "/", "*", "**", "**/"];
        for (var i = 0; i < 5000; i++)
        {
            var glob = string.Concat(Enumerable.Range(0, random.Next(1, 7)).Select(_ => globParts[random.Next(globParts.Length)]));
            var path = new string([.. Enumerable.Range(0, random.Next(0, 9)).Select(_ => "ab/"[random.Next(3)])]);
            Assert.True(Regex.IsMatch(path, RegexFor(glob)) == new PathGlob(glob).IsMatch(path), $"glob '{glob}', path '{path}'");
        }
    }

    private static string RegexFor(string glob)
    {
        var pattern = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] != '*')
            {
                pattern.Append(Regex.Escape(glob[i].ToString()));
            }
            else if (i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var slashFollows = i + 2 < glob.Length && glob[i + 2] == '/';
                pattern.Append(slashFollows ? "(?:.*/)?" : ".*");
                i += slashFollows ? 2 : 1;
            }
            else
            {
                pattern.Append("[^/]*");
            }
        }

        return pattern.Append(@"\z").ToString();
    }

    /// <summary>Both globs made the former backtracking regex run past its timeout, which ended the scan with exit 3.</summary>
    [Theory]
    [InlineData("**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**x", '/')]
    [InlineData("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", 'a')]
    [InlineData("**a**a**a**a**a**a**a**a**a**a**a**a**a**a**a**a**b", 'a')]
    public async Task Globs_that_make_a_backtracking_matcher_explode_are_answered_at_once(string glob, char filler)
    {
        var path = string.Join(filler, Enumerable.Repeat("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 100));
        var matched = await Task.Run(() => new PathGlob(glob).IsMatch(path), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.False(matched);
    }

    /// <summary>The scan that used to end in "internal error (RegexMatchTimeoutException)", exit 3.</summary>
    [Fact]
    public void A_scan_with_such_globs_in_its_exceptions_file_runs_to_its_normal_end()
    {
        var root = Directory.CreateTempSubdirectory("talguard-glob-");
        try
        {
            var deep = Path.Combine([root.FullName, .. Enumerable.Repeat(new string('a', 50), 40)]);
            Directory.CreateDirectory(deep);
            File.WriteAllText(Path.Combine(deep, "cp.yaml"), "version: v1alpha1\nmachine:\n  type: worker\n  sysctls:\n    a: \"1\"\n    a: \"2\"\n");
            var exceptions = Path.Combine(root.FullName, "exceptions.yaml");
            File.WriteAllText(exceptions, "exceptions:\n" +
                "  - {ruleId: TG-CONF-008, reason: lab, path: \"**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**x\"}\n" +
                "  - {ruleId: TG-CONF-008, reason: lab, path: \"*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b\"}\n");

            var outcome = Support.Cli.Run("scan", "--format", "json", "--exceptions", exceptions, root.FullName);

            Assert.Equal((1, string.Empty), (outcome.ExitCode, outcome.Stderr));
            Assert.Contains("\"TG-CONF-008\"", outcome.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void An_exceptions_path_longer_than_any_report_path_is_an_input_error_naming_its_line()
    {
        var text = "exceptions:\n  - ruleId: TG-NET-001\n    reason: lab\n    path: \"" + string.Concat(Enumerable.Repeat("*a", 3000)) + "\"\n";
        var error = Assert.Throws<InputException>(() => SuppressionsFile.Parse(".talguard.yaml", text));
        Assert.Equal($".talguard.yaml:4: path is longer than {PathGlob.MaxLength} characters, longer than any path a scan reports", error.OneLine);
    }
}
