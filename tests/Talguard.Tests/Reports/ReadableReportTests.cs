using Talguard.Cli.Rendering;
using Talguard.Findings;
using Talguard.Hardening.PodSecurity.Rules;
using Talguard.Model;
using Talguard.Reports;
using Talguard.Services;

namespace Talguard.Tests.Reports;

/// <summary>
/// The human formats of issue #12: the table laid out for 80 and 120 columns (place, object, one message, a fix,
/// Pod Security violations per workload, a summary), <c>--format compact</c> and <c>--format markdown</c>,
/// colour only where it belongs, <c>--min-severity</c>, and input text that stays inert in every one of them.
/// </summary>
public sealed class ReadableReportTests
{
    private static readonly string[] Examples = ["examples/insecure-cluster", "examples/hardened-cluster", "examples/pod-security", "examples/control-plane-access"];

    /// <summary>
    /// The sample cluster plus a workload with three Pod Security violations (two rules, two severities), an input
    /// error, a skipped file and two targets: every part a table can show.
    /// </summary>
    public static ScanResult Rich()
    {
        var sample = SampleRules.ScanSampleCluster();
        var web = new ObjectReference("apps/v1", "Deployment", "shop", "web");
        var file = "cluster/workloads.yaml";
        Finding Violation(RuleDescriptor rule, int line, string path, string message, string patch) =>
            new(rule, rule.Severity, message, new Location(file, line, 9, 0, 1, "Deployment", path), web, patch);
        List<Finding> violations =
        [
            Violation(EnforceViolationRule.Definition, 31, "spec.template.spec.hostNetwork", "violates PodSecurity \"baseline:latest\": host namespaces (hostNetwork=true)",
                "spec:\n  template:\n    spec:\n      hostNetwork: false\n"),
            Violation(EnforceViolationRule.Definition, 36, "spec.template.spec.containers[0].securityContext.privileged",
                "violates PodSecurity \"baseline:latest\": privileged (container \"app\" must not set securityContext.privileged=true)",
                "spec:\n  template:\n    spec:\n      containers:\n        - name: app\n          securityContext:\n            privileged: false\n"),
            Violation(AuditWarnViolationRule.Definition, 37, "spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation",
                "would violate PodSecurity \"restricted:latest\" (audit, warn): allowPrivilegeEscalation != false (container \"app\" must set securityContext.allowPrivilegeEscalation=false)",
                "spec:\n  template:\n    spec:\n      containers:\n        - name: app\n          securityContext:\n            allowPrivilegeEscalation: false\n"),
        ];
        return new ScanResult([.. sample.Findings, .. violations], sample.TalosVersion, sample.KubernetesVersion, sample.Notices, sample.Files)
        {
            Errors = [new InputError("cluster/broken.yaml", 4, "mapping values are not allowed in this context")],
            Skipped = [new SkippedInput("cluster/values.yaml", "neither a Talos config, a Kubernetes manifest nor a talhelper project")],
            Targets =
            [
                new FileTarget("cluster/controlplane.yaml", new TalosVersion(1, 13), new TalosVersion(1, 34), "install image tag"),
                new FileTarget("cluster/worker.yaml", new TalosVersion(1, 13), new TalosVersion(1, 34), "install image tag"),
            ],
        };
    }

    private static string Render(IReportWriter writer, ScanResult result) => ReportGoldenTests.Render(writer, result);

    [Theory]
    [InlineData(80, false, "report.table.txt")]
    [InlineData(120, false, "report.table.120.txt")]
    [InlineData(80, true, "rich.table.patch.txt")]
    [InlineData(120, true, "rich.table.patch.120.txt")]
    public void Table_matches_its_golden_file_at_80_and_120_columns(int width, bool rich, string golden) =>
        TestData.AssertGolden(golden, Render(new TableReportWriter { Style = new TerminalStyle(width, Color: false), ShowPatch = rich }, rich ? Rich() : SampleRules.ScanSampleCluster()));

    [Fact]
    public void Rich_table_without_patches_matches_its_golden_file() =>
        TestData.AssertGolden("rich.table.txt", Render(new TableReportWriter(), Rich()));

    [Theory]
    [InlineData("compact", "report.compact.txt")]
    [InlineData("markdown", "report.md")]
    [InlineData("compact-rich", "rich.compact.txt")]
    [InlineData("markdown-rich", "rich.md")]
    public void Compact_and_markdown_match_their_golden_files(string format, string golden)
    {
        IReportWriter writer = format.StartsWith("compact", StringComparison.Ordinal) ? new CompactReportWriter() : new MarkdownReportWriter();
        TestData.AssertGolden(golden, Render(writer, format.EndsWith("-rich", StringComparison.Ordinal) ? Rich() : SampleRules.ScanSampleCluster()));
    }

    [Fact]
    public void A_workloads_pod_security_violations_are_one_block_naming_the_object()
    {
        var table = Render(new TableReportWriter(), Rich());

        Assert.Single(table.Split('\n'), l => l.Contains("Deployment/web (shop)", StringComparison.Ordinal));
        Assert.Contains("  HIGH Deployment/web (shop): 3 Pod Security violations\n", table, StringComparison.Ordinal);
        Assert.Contains("\n    LOW TG-PSS-007 37:9\n", table, StringComparison.Ordinal);
        Assert.Contains($"    Fix (TG-PSS-006): ", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_finding_shows_its_place_one_message_and_its_fix_and_the_summary_counts()
    {
        var table = Render(new TableReportWriter(), SampleRules.ScanSampleCluster());

        Assert.Contains(
            "  MEDIUM TG-K8S-008 Sysctl weakens a kernel hardening default\n" +
            "    --> cluster/controlplane.yaml:7:27  machine.sysctls[\"kernel.kptr_restrict\"]\n" +
            "    kernel.kptr_restrict is 1; the hardened default is 2\n" +
            "    Fix: Remove the sysctl or set it to 2.\n",
            table, StringComparison.Ordinal);
        Assert.EndsWith("2 findings (1 high, 1 medium), 2 suppressed, 3 files scanned\n", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_skipped_files_and_targets_are_listed_and_counted()
    {
        var table = Render(new TableReportWriter { Style = new TerminalStyle(120, Color: false) }, Rich());

        Assert.Contains("error: cluster/broken.yaml:4: mapping values are not allowed in this context\n", table, StringComparison.Ordinal);
        Assert.Contains("skipped: cluster/values.yaml: neither a Talos config", table, StringComparison.Ordinal);
        Assert.Contains("target: Talos v1.13, Kubernetes v1.34 for cluster/controlplane.yaml, cluster/worker.yaml (install image tag)\n", table, StringComparison.Ordinal);
        Assert.EndsWith(", 3 files scanned, 1 file with errors, 1 file skipped\n", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Colour_marks_severities_only_when_the_style_asks_for_it()
    {
        var plain = Render(new TableReportWriter(), Rich());
        var coloured = Render(new TableReportWriter { Style = new TerminalStyle(80, Color: true) }, Rich());

        Assert.DoesNotContain('\u001b', plain);
        Assert.Contains("  \u001b[1;31mHIGH\u001b[0m TG-DISK-001 STATE partition is not encrypted\n", coloured, StringComparison.Ordinal);
        Assert.Equal(plain, coloured.Replace("\u001b[1;31m", string.Empty, StringComparison.Ordinal).Replace("\u001b[33m", string.Empty, StringComparison.Ordinal)
            .Replace("\u001b[36m", string.Empty, StringComparison.Ordinal).Replace("\u001b[0m", string.Empty, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true, null, null, true)]
    [InlineData(true, "", "xterm-256color", true)]
    [InlineData(true, "1", "xterm-256color", false)]
    [InlineData(true, "0", null, false)]
    [InlineData(true, null, "dumb", false)]
    [InlineData(false, null, "xterm-256color", false)]
    public void Colour_only_on_a_terminal_and_never_with_NO_COLOR(bool toTerminal, string? noColor, string? term, bool expected) =>
        Assert.Equal(expected, TerminalStyle.UsesColor(toTerminal, noColor, term));

    [Theory]
    [InlineData(null, null, 80)]
    [InlineData(null, "120", 120)]
    [InlineData(null, "wide", 80)]
    [InlineData(null, "-5", 80)]
    [InlineData(100, "120", 100)]
    [InlineData(500, null, TerminalStyle.MaxWidth)]
    [InlineData(10, null, TerminalStyle.MinWidth)]
    public void Width_is_the_terminals_else_COLUMNS_else_80(int? terminal, string? columns, int expected) =>
        Assert.Equal(expected, TerminalStyle.WidthFor(terminal, columns));

    [Fact]
    public void A_piped_report_has_no_colour_even_from_a_colour_terminal_session()
    {
        var outcome = Support.Cli.RunProcess(Support.SharedData.RepositoryRoot, string.Empty, TimeSpan.FromSeconds(60), "scan", "examples/insecure-cluster");

        Assert.Equal(1, outcome.ExitCode);
        Assert.DoesNotContain('\u001b', outcome.Stdout);
        Assert.Contains("  HIGH TG-", outcome.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// On a real terminal (a pseudo-terminal from util-linux's <c>script</c>) severities are coloured, and
    /// <c>NO_COLOR</c> turns that off.
    /// </summary>
    [Theory]
    [InlineData(null, true)]
    [InlineData("1", false)]
    public async Task On_a_terminal_severities_are_coloured_unless_NO_COLOR_is_set(string? noColor, bool coloured)
    {
        var script = new[] { "/usr/bin/script", "/bin/script" }.FirstOrDefault(File.Exists);
        if (script is null)
        {
            Assert.Skip("needs util-linux's script(1) to run the CLI on a pseudo-terminal");
        }

        var start = new System.Diagnostics.ProcessStartInfo(script)
        {
            WorkingDirectory = Support.SharedData.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-qec", $"dotnet \"{Path.Combine(AppContext.BaseDirectory, "talguard.dll")}\" scan examples/insecure-cluster --fail-on none", "/dev/null" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TERM"] = "xterm-256color";
        start.Environment.Remove("NO_COLOR");
        if (noColor is not null)
        {
            start.Environment["NO_COLOR"] = noColor;
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("talguard scan on a pseudo-terminal: still running after 60 s");
        }

        var output = await stdout;
        Assert.Contains("TG-BOOT-001", output, StringComparison.Ordinal);
        Assert.Equal(coloured, output.Contains("\u001b[1;31mHIGH\u001b[0m", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void No_word_or_path_of_any_example_finding_is_broken_and_lines_fit_unless_one_word_is_longer(int width)
    {
        foreach (var example in Examples)
        {
            var result = ScanService.Run(new ScanRequest { Paths = [Path.Combine(Support.SharedData.RepositoryRoot, example)] }).Report;
            // Patches are YAML shown as they apply, so they are never wrapped; everything else must fit.
            var table = Render(new TableReportWriter { Style = new TerminalStyle(width, Color: false) }, result);
            var lines = table.Split('\n');
            var tokens = lines.SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
            foreach (var line in lines.Where(l => TextLayout.Columns(l) > width))
            {
                // A location line is the arrow and one place; a long checkout path may push it past the width.
                var words = line.Trim().Split(' ');
                var oneWord = words.Length == 1 || (words.Length == 2 && words[0] == "-->");
                Assert.True(oneWord, $"{example}: a line of {TextLayout.Columns(line)} columns holds more than one word:\n{line}");
            }

            foreach (var finding in result.Active)
            {
                // A workload's Pod Security violations share one heading that names the workload instead of the rule's title.
                var grouped = finding.Rule.Id is "TG-PSS-006" or "TG-PSS-007";
                var texts = new[] { finding.Message, grouped ? string.Empty : finding.Rule.Title, finding.Rule.Remediation, finding.Location.Path, finding.Location.File };
                foreach (var word in texts.SelectMany(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
                {
                    Assert.True(tokens.Contains(word) || tokens.Any(t => t.Contains(word, StringComparison.Ordinal)), $"{example}: '{word}' of {finding.Rule.Id} is not shown whole");
                }
            }
        }
    }

    [Fact]
    public void Titles_are_shown_once_messages_never_repeat_them_in_the_examples()
    {
        foreach (var example in Examples)
        {
            var result = ScanService.Run(new ScanRequest { Paths = [Path.Combine(Support.SharedData.RepositoryRoot, example)] }).Report;
            var table = Render(new TableReportWriter(), result);
            Assert.DoesNotContain(result.Active, f => table.Contains(f.Rule.Title + ": ", StringComparison.Ordinal));
            Assert.DoesNotContain(result.Active, f => f.Message.StartsWith(f.Rule.Title, StringComparison.OrdinalIgnoreCase));
        }
    }

    private const string Hostile = "x\u001b[2J\u0007\u202e<script>alert(1)</script> **bold** [link](http://e.example) `code` | cell @someone\r\n# heading";

    private static ScanResult HostileResult()
    {
        var rule = RuleDescriptor.Create("TG-CONF-008", Severity.High, Section.Config, "Key written twice in one mapping", "r", "m");
        var finding = new Finding(rule, Severity.High, "value " + Hostile, new Location("dir/" + Hostile + ".yaml", 3, 5, 0, 0, "", "machine.sysctls[\"" + Hostile + "\"]"),
            new ObjectReference("v1", "ConfigMap", Hostile, Hostile), "machine:\n  a: \"" + Hostile + "\"\n  b: ```\n");
        return new ScanResult([finding], TalosConfigFile.Defaults.Talos, TalosConfigFile.Defaults.Kubernetes, ["notice " + Hostile])
        {
            Errors = [new InputError(Hostile + ".yaml", 2, Hostile)],
        };
    }

    [Theory]
    [InlineData("table")]
    [InlineData("compact")]
    [InlineData("markdown")]
    public void Hostile_input_text_stays_inert_in_every_human_format(string format)
    {
        IReportWriter writer = format switch
        {
            "compact" => new CompactReportWriter(),
            "markdown" => new MarkdownReportWriter(),
            _ => new TableReportWriter { ShowPatch = true },
        };
        var output = Render(writer, HostileResult());

        Assert.DoesNotContain(output, c => (c < ' ' && c != '\n') || c is (>= '\u007f' and <= '\u009f') or '\u202e');
        if (format == "markdown")
        {
            // Inside a code fence the text is shown literally; the fence is longer than any backtick run in the patch.
            Assert.Contains("````yaml\n", output, StringComparison.Ordinal);
            output = System.Text.RegularExpressions.Regex.Replace(output, "(?s)````yaml\n.*?\n````\n", string.Empty);
            Assert.DoesNotContain("<script>", output, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\*\\*bold\\*\\* \\[link\\]\\(http\\:", output, StringComparison.Ordinal);
            Assert.Contains("\\`code\\` \\| cell \\@someone\\\\x0d\\\\x0a\\# heading", output, StringComparison.Ordinal);
            Assert.DoesNotContain(output.Split('\n'), l => l.StartsWith('#') && l.Contains("heading", StringComparison.Ordinal) && !l.StartsWith("####", StringComparison.Ordinal));
        }
        else
        {
            Assert.Contains("\\x1b[2J\\x07\\u202e<script>", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Min_severity_filters_every_format_but_not_the_exit_code()
    {
        var all = Support.Cli.Run("scan", "examples/insecure-cluster", "--format", "compact");
        var high = Support.Cli.Run("scan", "examples/insecure-cluster", "--format", "compact", "--min-severity", "high");
        var json = Support.Cli.Run("scan", "examples/insecure-cluster", "--format", "json", "--min-severity", "critical");
        var table = Support.Cli.Run("scan", "examples/insecure-cluster", "--min-severity", "critical");

        Assert.Equal(all.ExitCode, high.ExitCode);
        Assert.Equal(1, table.ExitCode);
        Assert.Contains(all.Stdout.Split('\n'), l => l.Contains(": low TG-", StringComparison.Ordinal));
        Assert.All(high.Stdout.TrimEnd('\n').Split('\n'), l => Assert.Matches(": (high|critical) TG-", l));
        Assert.DoesNotContain("\"severity\": \"high\"", json.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"severity\": \"critical\"", json.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"\d+\s+below\s+critical\s+not\s+shown", table.Stdout);
    }

    [Fact]
    public void Min_severity_leaves_a_hidden_rule_out_of_junit_instead_of_reporting_it_as_passing()
    {
        var (shown, filter) = DisplayFilter.Apply(SampleRules.ScanSampleCluster(), Severity.High);
        var xml = Render(new JUnitReportWriter(), shown);

        Assert.Equal(1, filter.Hidden);
        Assert.DoesNotContain(shown.Findings, f => f.Severity < Severity.High);
        Assert.DoesNotContain(shown.RulesByFile["cluster/controlplane.yaml"], r => r.Id == "TG-K8S-008");
        Assert.DoesNotContain("TG-K8S-008", xml, StringComparison.Ordinal);
        Assert.Contains("TG-DISK-001", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void Min_severity_filters_the_pss_table_too()
    {
        var all = Support.Cli.Run("pss", "examples/pod-security");
        var high = Support.Cli.Run("pss", "examples/pod-security", "--min-severity", "high");

        Assert.Contains("would violate", all.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("would violate", high.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"below\s+high\s+not\s+shown", high.Stdout);
        Assert.Equal(all.ExitCode, high.ExitCode);
    }

    [Fact]
    public void Show_patch_prints_each_findings_patch_indented_under_it()
    {
        var outcome = Support.Cli.Run("scan", "examples/insecure-cluster", "--show-patch");

        Assert.Contains("    Patch:\n      ", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Patch:", Support.Cli.Run("scan", "examples/insecure-cluster").Stdout, StringComparison.Ordinal);
    }
}
