using System.Text.Json.Nodes;
using Talguard.Compliance;
using Talguard.Findings;
using Talguard.Reports;
using Talguard.Tests.Support;

namespace Talguard.Tests.Reports;

/// <summary><c>compliance --format html|policyreport</c>: goldens on a fixed report, and real runs of every framework.</summary>
public class ComplianceReportFormatTests
{
    /// <summary>A report with one control of each status over the sample cluster's findings: the writers' input, independent of the catalogs.</summary>
    private static ComplianceReport Sample()
    {
        var scan = SampleRules.ScanSampleCluster();
        var sysctl = scan.Active.Where(f => f.Rule.Id == "TG-K8S-008").ToList();
        ControlResult[] controls =
        [
            new("1.1.1", "Ensure that the API server pod specification file permissions are set to 600 or more restrictive", "1.1", ControlStatus.NotApplicable, [],
                [new ControlEvidence("Talos keeps static pod manifests in memory; there is no file to set permissions on")], [],
                "Talos has no writable pod specification files", null) { Automated = true, SectionTitle = "Control Plane Node Configuration Files" },
            new("1.2.1", "Ensure that the --anonymous-auth argument is set to false", "1.2", ControlStatus.Pass, ["TG-ACC-001"],
                [new ControlEvidence("cluster/controlplane.yaml cluster.apiServer.extraArgs.anonymous-auth = \"false\"", "cluster/controlplane.yaml", "cluster.apiServer.extraArgs.anonymous-auth", 9)], [],
                null, null) { Automated = true, SectionTitle = "API Server" },
            new("4.2.14", "Ensure that the kernel hardening sysctls keep their defaults <strict>", "4.2", ControlStatus.Fail, ["TG-K8S-008"], [], sysctl,
                null, null) { Automated = true, SectionTitle = "Kubelet" },
            new("5.7.1", "Create administrative boundaries between resources using namespaces", "5.7", ControlStatus.Manual, [], [], [],
                "needs an attestation", new Attestation("5.7.1", ControlStatus.Pass, "namespaces reviewed", "platform-team", new DateOnly(2026, 1, 5), new DateOnly(2026, 6, 30), "attestations.yaml", 3))
            { SectionTitle = "General Policies" },
        ];
        return new ComplianceReport(new ComplianceFramework("cis-1.10", "CIS Kubernetes Benchmark", "1.10.0"), controls, scan)
        {
            Notices = ["attestations.yaml:3: the attestation of 5.7.1 expired on 2026-06-30; the control is manual again"],
        };
    }

    private static string Html(ComplianceReport report)
    {
        using var stream = new MemoryStream();
        new ComplianceHtmlWriter { Sources = SourceExcerpts.FromDirectory(TestData.Directory) }.Write(report, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string PolicyReport(ComplianceReport report)
    {
        using var stream = new MemoryStream();
        new CompliancePolicyReportWriter().Write(report, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void Html_matches_its_golden_file() => TestData.AssertGolden("compliance.html", Html(Sample()));

    [Fact]
    public void Policy_report_matches_its_golden_file() => TestData.AssertGolden("compliance.policyreport.json", PolicyReport(Sample()));

    [Fact]
    public void Html_escapes_control_titles_and_links_failing_controls_to_their_findings()
    {
        var html = Html(Sample());
        Assert.Contains("keep their defaults &lt;strict&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#finding-1\">TG-K8S-008</a>", html, StringComparison.Ordinal);
        Assert.Contains("<article class=\"finding medium\" id=\"finding-1\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(html, Html(Sample()));
    }

    [Fact]
    public async Task Policy_report_has_one_result_per_control_and_validates()
    {
        var report = Sample();
        var item = Assert.Single(PolicyReportTests.Items(PolicyReport(report)));
        await PolicyReportTests.AssertValid([item]);
        var results = item["results"]!.AsArray().Select(r => r!).ToList();
        Assert.Equal(report.Controls.Select(c => c.Id), results.Select(r => (string)r["rule"]!));
        Assert.Equal(["skip", "pass", "fail", "warn"], results.Select(r => (string)r["result"]!));
        Assert.Equal("0.5", (string)item["metadata"]!["annotations"]!["talguard.dev/score"]!);
    }

    [Theory]
    [InlineData("cis-1.10")]
    [InlineData("pci-dss-4.0")]
    [InlineData("soc2")]
    public async Task A_real_compliance_run_gives_a_valid_policy_report_with_every_control(string framework)
    {
        var json = Support.Cli.Run("compliance", "--framework", framework, "examples/insecure-cluster", "--format", "json", "--now", "2026-12-03T12:00:00Z");
        var policy = Support.Cli.Run("compliance", "--framework", framework, "examples/insecure-cluster", "--format", "policyreport", "--now", "2026-12-03T12:00:00Z");

        Assert.Equal(json.ExitCode, policy.ExitCode);
        var item = Assert.Single(PolicyReportTests.Items(policy.Stdout));
        await PolicyReportTests.AssertValid([item]);
        Assert.Equal("talguard-compliance-" + framework, (string)item["metadata"]!["name"]!);
        var controls = JsonNode.Parse(json.Stdout)!["controls"]!.AsArray().Select(c => (string)c!["id"]!);
        Assert.Equal(controls, item["results"]!.AsArray().Select(r => (string)r!["rule"]!));
        Assert.All(item["results"]!.AsArray(), r => Assert.Equal(1_796_299_200L, (long)r!["timestamp"]!["seconds"]!));
    }

    [Fact]
    public void A_real_compliance_html_renders_in_chromium()
    {
        var directory = Directory.CreateTempSubdirectory("talguard-html-");
        try
        {
            var page = Path.Combine(directory.FullName, "compliance.html");
            var run = Support.Cli.Run("compliance", "--framework", "cis-1.10", "examples/insecure-cluster", "--format", "html", "-o", page, "--now", "2026-12-03T12:00:00Z");
            Assert.Equal(string.Empty, run.Stderr);

            var rendering = HeadlessChromium.Render(page);

            Assert.Empty(rendering.ConsoleMessages);
            Assert.True(PngImage.Decode(rendering.Screenshot).Pixels.Distinct().Count() > 8, "the screenshot is blank");
            Assert.Contains("<caption>Controls by status</caption>", rendering.Dom, StringComparison.Ordinal);
            Assert.Contains("<tr id=\"control-1.2.1\">", rendering.Dom, StringComparison.Ordinal);
            Assert.Matches("<td class=\"num\" data-status=\"fail\">[1-9][0-9]*</td>", rendering.Dom);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
