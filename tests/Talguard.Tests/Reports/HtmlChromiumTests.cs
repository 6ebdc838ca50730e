using System.Text.RegularExpressions;
using Talguard.Tests.Support;

namespace Talguard.Tests.Reports;

/// <summary>The HTML reports as a browser shows them: Debian's chromium, headless, on the local file only.</summary>
public class HtmlChromiumTests
{
    [Fact]
    public void Scan_report_renders_in_chromium_without_console_errors()
    {
        var directory = Directory.CreateTempSubdirectory("talguard-html-");
        try
        {
            var page = Path.Combine(directory.FullName, "report.html");
            var run = Support.Cli.Run("scan", "examples/insecure-cluster", "--format", "html", "-o", page);
            Assert.Equal(1, run.ExitCode);

            var rendering = HeadlessChromium.Render(page);

            Assert.Empty(rendering.ConsoleMessages);
            AssertNotBlank(rendering.Screenshot);
            var dom = rendering.Dom;
            var counts = Regex.Matches(dom, "<td class=\"num\" data-severity=\"(?<severity>[a-z]+)\">(?<count>[0-9]+)</td>");
            Assert.Equal(["critical", "high", "medium", "low", "info", "suppressed"], counts.Select(m => m.Groups["severity"].Value));
            Assert.Contains(counts, m => m.Groups["severity"].Value == "critical" && m.Groups["count"].Value != "0");
            Assert.Contains("<caption>Findings by guide section</caption>", dom, StringComparison.Ordinal);
            Assert.Contains("<code class=\"rule\">TG-NET-001</code>", dom, StringComparison.Ordinal);
            Assert.Matches("<pre aria-label=\"Fix patch for TG-[A-Z0-9-]+\"><code>", dom);
            Assert.Contains("<mark class=\"line marked\">", dom, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The console check is only worth something if it sees errors: a page that throws must be caught.</summary>
    [Fact]
    public void Console_error_check_catches_a_failing_page()
    {
        var directory = Directory.CreateTempSubdirectory("talguard-html-");
        try
        {
            var page = Path.Combine(directory.FullName, "broken.html");
            File.WriteAllText(page, "<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head><body><p>x</p><script>notDefined();</script></body></html>");

            var rendering = HeadlessChromium.Render(page);

            Assert.Contains(rendering.ConsoleMessages, m => m.Contains("notDefined", StringComparison.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static void AssertNotBlank(byte[] screenshot)
    {
        var image = PngImage.Decode(screenshot);
        Assert.Equal(1280, image.Width);
        var colours = image.Pixels.Distinct().Count();
        var inked = image.Pixels.Count(p => p != 0xFFFFFF) / (double)image.Pixels.Count;
        Assert.True(colours > 8, $"the screenshot has only {colours} colours");
        Assert.True(inked > 0.01, $"only {inked:P2} of the screenshot is not white");
    }
}
