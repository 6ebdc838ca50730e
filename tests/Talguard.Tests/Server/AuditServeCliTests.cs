using System.Diagnostics;
using System.Net;
using System.Text;

namespace Talguard.Tests.Server;

/// <summary><c>talguard audit serve</c> as a process: it listens where told, alerts on standard output, and SIGTERM drains and exits 0.</summary>
public sealed class AuditServeCliTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sigterm_stops_after_every_accepted_event_is_evaluated()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "talguard.dll"), "audit", "serve", "--listen", "127.0.0.1:0", "--queue-size", "50" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        try
        {
            var banner = await process.StandardError.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(HangGuard, TestContext.Current.CancellationToken);
            Assert.NotNull(banner);
            Assert.StartsWith("audit serve: listening on http://127.0.0.1:", banner, StringComparison.Ordinal);
            var port = banner["audit serve: listening on http://127.0.0.1:".Length..].Split(' ')[0];
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using (var client = new HttpClient { Timeout = HangGuard })
            {
                for (var i = 0; i < 5; i++)
                {
                    using var content = new StringContent(AuditWebhookServerTests.Batch(i), Encoding.UTF8, "application/json");
                    using var response = await client.PostAsync(new Uri($"http://127.0.0.1:{port}/"), content, TestContext.Current.CancellationToken);
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
            }

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(HangGuard, TestContext.Current.CancellationToken);
            Assert.Equal(0, process.ExitCode);
            var alerts = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(5, alerts.Length);
            Assert.All(alerts, line => Assert.Contains(": Warning RBAC object changed (user=alice", line, StringComparison.Ordinal));
            Assert.Equal("audit serve: stopped: 10 events received, 10 processed, 0 requests refused (429), 0 malformed\n", await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Theory]
    [InlineData("localhost:8080")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:99999")]
    public void Listen_address_must_be_an_ip_and_port(string listen) =>
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("audit", "serve", "--listen", listen), $"--listen: '{listen}' is not ADDRESS:PORT");

    [Fact]
    public void Tls_certificate_without_key_is_a_usage_error() =>
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("audit", "serve", "--listen", "127.0.0.1:0", "--tls-cert", "c.pem"), "--tls-cert and --tls-key go together");
}
