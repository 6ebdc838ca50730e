using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Tests.Findings;

public class SuppressionsFileTests
{
    [Fact]
    public void Entries_carry_rule_glob_reason_owner_and_expiry()
    {
        var entries = SuppressionsFile.Parse(".talguard.yaml", """
            exceptions:
              - ruleId: TG-NET-001
                path: "lab/**"
                reason: lab network sits behind a hardware firewall
                owner: netops
                expires: 2026-12-31
              - ruleId: TG-K8S-009
                path: "*.yaml"
                reason: GRUB installs are out of scope
            """);
        Assert.Equal(2, entries.Count);
        var first = entries[0];
        Assert.Equal(("TG-NET-001", "lab/**", "lab network sits behind a hardware firewall", "netops", new DateOnly(2026, 12, 31), 2),
            (first.RuleId, first.PathGlob, first.Reason, first.Owner, first.Expires, first.Line));
        Assert.Null(entries[1].Owner);
        Assert.Null(entries[1].Expires);
    }

    [Fact]
    public void An_empty_exceptions_list_suppresses_nothing() =>
        Assert.Empty(SuppressionsFile.Parse(".talguard.yaml", "exceptions: []\n"));

    [Theory]
    [InlineData("- ruleId: TG-NET-001\n", 1, "one YAML mapping")]
    [InlineData("rules: []\n", 1, "unknown key 'rules'")]
    [InlineData("exceptions: TG-NET-001\n", 1, "must be a list")]
    [InlineData("exceptions:\n  - TG-NET-001\n", 2, "must be a mapping")]
    [InlineData("exceptions:\n  - ruleId: TG-NET-001\n    reason: x\n", 2, "has no 'path'")]
    [InlineData("exceptions:\n  - ruleId: TG-NET-001\n    path: '**'\n", 2, "has no 'reason'")]
    [InlineData("exceptions:\n  - ruleId: NET-1\n    path: '**'\n    reason: x\n", 2, "is not a rule ID")]
    [InlineData("exceptions:\n  - ruleId: TG-NET-001\n    path: '**'\n    reason: x\n    expires: 31/12/2026\n", 5, "is not a date like 2026-12-31")]
    [InlineData("exceptions:\n  - ruleId: TG-NET-001\n    path: '**'\n    reason: x\n    expiry: 2026-12-31\n", 5, "unknown key 'expiry'")]
    [InlineData("exceptions:\n  - ruleId: TG-NET-001\n    path: '**'\n    reason: ''\n", 4, "non-empty")]
    [InlineData("exceptions:\n  - ruleId: [TG-NET-001]\n    path: '**'\n    reason: x\n", 2, "non-empty text")]
    public void Malformed_file_is_an_input_error_naming_the_line(string text, int line, string reason)
    {
        var error = Assert.Throws<InputException>(() => SuppressionsFile.Parse(".talguard.yaml", text));
        Assert.Equal(".talguard.yaml", error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_an_input_error()
    {
        var error = Assert.Throws<InputException>(() => SuppressionsFile.Load(Path.Combine(Path.GetTempPath(), "talguard-no-such-exceptions.yaml"), "missing.yaml"));
        Assert.Equal("missing.yaml: no such file or directory", error.OneLine);
    }

    [Theory]
    [InlineData("**", "a/b/c.yaml", true)]
    [InlineData("**/*.yaml", "c.yaml", true)]
    [InlineData("**/*.yaml", "a/b/c.yaml", true)]
    [InlineData("a/**/c.yaml", "a/c.yaml", true)]
    [InlineData("a/**/c.yaml", "a/x/y/c.yaml", true)]
    [InlineData("a/*.yaml", "a/c.yaml", true)]
    [InlineData("a/*.yaml", "a/b/c.yaml", false)]
    [InlineData("*.yaml", "a/c.yaml", false)]
    [InlineData("cluster/cp.yaml", "cluster/cp.yaml", true)]
    [InlineData("cluster/cp.yaml", "cluster/cp1yaml", false)]
    [InlineData("cluster/**", "clusterx/cp.yaml", false)]
    public void Path_glob_matches_the_report_path(string glob, string file, bool matches)
    {
        var entry = new ExceptionEntry("TG-NET-001", glob, "reason", null, null, ".talguard.yaml", 1);
        var finding = new Finding(RuleDescriptor.Create("TG-NET-001", Severity.High, Section.Network, "t", "r", "m"), Severity.High, "m", Location.OfFile(file));
        Assert.Equal(matches, entry.Matches(finding));
    }

    [Fact]
    public void Default_file_is_found_in_the_current_directory_then_in_a_scanned_directory()
    {
        var root = Directory.CreateTempSubdirectory("talguard-exceptions-");
        try
        {
            var scanned = root.CreateSubdirectory("cluster");
            Assert.Null(SuppressionsFile.FindDefault(root.FullName, ["cluster"]));
            File.WriteAllText(Path.Combine(scanned.FullName, SuppressionsFile.DefaultFileName), "exceptions: []\n");
            Assert.Equal(Path.Combine(scanned.FullName, SuppressionsFile.DefaultFileName), SuppressionsFile.FindDefault(root.FullName, ["cluster"]));
            File.WriteAllText(Path.Combine(root.FullName, SuppressionsFile.DefaultFileName), "exceptions: []\n");
            Assert.Equal(Path.Combine(root.FullName, SuppressionsFile.DefaultFileName), SuppressionsFile.FindDefault(root.FullName, ["cluster"]));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
