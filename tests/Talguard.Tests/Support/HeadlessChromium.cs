using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Talguard.Tests.Support;

/// <summary>
/// Debian's <c>chromium</c> in headless mode, on a local file only: no network (every host name resolves to nothing,
/// background networking, component updates and sync off), a fresh profile per run. Console messages are read from
/// its log on stderr (<c>--enable-logging=stderr</c>: one <c>:CONSOLE</c> line per message); a page that logs
/// nothing has no console errors.
/// </summary>
public static partial class HeadlessChromium
{
    /// <summary>What a page gave: its console messages, the screenshot (PNG bytes) and the DOM after loading.</summary>
    public sealed record Rendering(IReadOnlyList<string> ConsoleMessages, byte[] Screenshot, string Dom);

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    /// <summary>Renders <paramref name="htmlFile"/>; skips locally and fails under CI=true when chromium is not installed.</summary>
    public static Rendering Render(string htmlFile)
    {
        var chromium = SharedData.RequireTool("chromium", "chromium");
        var work = Directory.CreateTempSubdirectory("talguard-chromium-");
        try
        {
            var url = new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri;
            var screenshot = Path.Combine(work.FullName, "page.png");
            var shot = Run(chromium, work.FullName, "shot", [$"--screenshot={screenshot}", "--window-size=1280,2000", url]);
            var dom = Run(chromium, work.FullName, "dom", ["--dump-dom", url]);
            Assert.True(File.Exists(screenshot), "chromium wrote no screenshot; its log:\n" + shot.Stderr);
            var console = ConsoleLine().Matches(shot.Stderr + dom.Stderr).Select(m => m.Groups["message"].Value).ToList();
            return new Rendering(console, File.ReadAllBytes(screenshot), dom.Stdout);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static (string Stdout, string Stderr) Run(string chromium, string work, string profile, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND",
            $"--user-data-dir={Path.Combine(work, profile)}", "--enable-logging=stderr", "--v=0", .. args])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"chromium {string.Join(' ', args)}: still running after {Limit.TotalSeconds:0} s");
        }

        process.WaitForExit();
        var output = (stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
        Assert.True(process.ExitCode == 0, $"chromium {string.Join(' ', args)} exited {process.ExitCode}:\n{output.Item2}");
        return output;
    }

    /// <summary>Chromium's log line for a console message: <c>[...:INFO:CONSOLE:1] "text", source: file:///... (1)</c> (older releases: <c>CONSOLE(1)</c>).</summary>
    [GeneratedRegex(@"^\[[^\]]*:CONSOLE[:(][^\]]*\]\s*(?<message>.*)$", RegexOptions.Multiline)]
    private static partial Regex ConsoleLine();
}
