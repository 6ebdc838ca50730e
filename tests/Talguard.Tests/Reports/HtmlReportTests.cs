using System.Text.RegularExpressions;
using Talguard.Reports;
using Talguard.Tests.Support;

namespace Talguard.Tests.Reports;

public class HtmlReportTests
{
    /// <summary>A manifest whose names, comments and values try to break out of the page, and that holds secrets beside a finding.</summary>
    private const string HostileManifest = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
          labels:
            pod-security.kubernetes.io/enforce: baseline
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: "web</script><script>alert(1)</script><!--"
          namespace: shop
        spec:
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: "<img src=x onerror=alert(2)>"
                  image: nginx:1.27
                  env:
                    - name: DB_PASSWORD
                      value: hunter2-env-secret
                  # </code></pre><h1>injected</h1> "quoted" 'single' & ampersand
                  securityContext:
                    privileged: true
                    apiToken: sk-live-token-value
        """;

    private static HtmlReportWriter Writer() => new() { Sources = SourceExcerpts.FromDirectory(TestData.Directory) };

    [Fact]
    public void Sample_cluster_report_matches_its_golden_file() =>
        TestData.AssertGolden("report.html", ReportGoldenTests.Render(Writer(), SampleRules.ScanSampleCluster()));

    [Fact]
    public void Report_without_findings_matches_its_golden_file() =>
        TestData.AssertGolden("clean.html", ReportGoldenTests.Render(Writer(), ReportGoldenTests.Clean()));

    [Fact]
    public void Same_input_gives_the_same_bytes() =>
        Assert.Equal(ReportGoldenTests.Render(Writer(), SampleRules.ScanSampleCluster()), ReportGoldenTests.Render(Writer(), SampleRules.ScanSampleCluster()));

    [Fact]
    public void Page_is_self_contained_and_runs_no_script()
    {
        var html = ReportGoldenTests.Render(Writer(), SampleRules.ScanSampleCluster());
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_report_shows_summary_frameworks_excerpts_and_patches()
    {
        var html = ReportGoldenTests.Render(Writer(), SampleRules.ScanSampleCluster());
        Assert.Contains("<caption>Findings by severity</caption>", html, StringComparison.Ordinal);
        Assert.Contains("<caption>Findings by guide section</caption>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"framework-cis-1.10\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"framework-pci-dss-4.0\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"framework-soc2\"", html, StringComparison.Ordinal);
        Assert.Contains("<mark class=\"line marked\">", html, StringComparison.Ordinal);
        Assert.Contains("kind: VolumeConfig", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_input_text_is_escaped_and_secrets_near_a_finding_are_redacted()
    {
        var directory = Directory.CreateTempSubdirectory("talguard-html-");
        try
        {
            var manifest = Path.Combine(directory.FullName, "hostile.yaml");
            File.WriteAllText(manifest, HostileManifest.Replace("# </code>", "# \u001b[31m\u202e</code>", StringComparison.Ordinal));
            var passphraseConfig = Path.Combine(directory.FullName, "worker.yaml");
            File.Copy(Path.Combine(SharedData.RepositoryRoot, "tests", "Talguard.Tests", "Samples", "TG-DISK-008", "fire.yaml"), passphraseConfig);

            var run = Support.Cli.Run("scan", manifest, passphraseConfig, "--format", "html");

            Assert.Equal(1, run.ExitCode);
            var html = run.Stdout;
            Assert.Contains("TG-PSS-006", html, StringComparison.Ordinal);
            Assert.Contains("TG-DISK-008", html, StringComparison.Ordinal);
            Assert.Equal(1, Regex.Count(html, "<h1", RegexOptions.IgnoreCase));
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<!--", html, StringComparison.Ordinal);
            Assert.Contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!--", html, StringComparison.Ordinal);
            Assert.Contains("&lt;/code&gt;&lt;/pre&gt;&lt;h1&gt;injected&lt;/h1&gt; &quot;quoted&quot; &#39;single&#39; &amp; ampersand", html, StringComparison.Ordinal);
            Assert.Contains("\\x1b[31m\\u202e", html, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b", html, StringComparison.Ordinal);
            Assert.DoesNotContain("\u202e", html, StringComparison.Ordinal);
            foreach (var secret in (string[])["correct-horse-battery-staple", "hunter2-env-secret", "sk-live-token-value"])
            {
                Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
            }

            Assert.Contains("passphrase: TALGUARD-REDACTED", html, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_file_that_cannot_be_redacted_with_certainty_shows_no_excerpt()
    {
        var excerpts = new SourceExcerpts(_ => "machine:\n  token: &t abc\n  other: *t\n  bad: [\n");
        Assert.Empty(excerpts.Around(new Talguard.Findings.Location("x.yaml", 2, 3, 0, 0, "v1alpha1", "machine.token")));
    }

    [Fact]
    public void An_excerpt_keeps_line_numbers_and_marks_the_finding_line()
    {
        var excerpts = new SourceExcerpts(_ => "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\n");
        var lines = excerpts.Around(new Talguard.Findings.Location("x.yaml", 5, 1, 0, 0, "", "e"));
        Assert.Equal([2, 3, 4, 5, 6, 7, 8], lines.Select(l => l.Number));
        Assert.Equal("e: 5", Assert.Single(lines, l => l.Marked).Text);
    }

    [Fact]
    public void Scan_html_through_the_cli_is_deterministic_and_verify_offers_it()
    {
        var first = Support.Cli.Run("scan", "examples/insecure-cluster", "--format", "html");
        var second = Support.Cli.Run("scan", "examples/insecure-cluster", "--format", "html");
        Assert.Equal(1, first.ExitCode);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.StartsWith("<!DOCTYPE html>", first.Stdout, StringComparison.Ordinal);

        var verify = Support.Cli.Run("verify", "tests/Talguard.Tests/Evidence/testdata/v1.13-partial", "--format", "html");
        Assert.Contains("<title>Talguard verify report</title>", verify.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, verify.Stderr);
    }
}
