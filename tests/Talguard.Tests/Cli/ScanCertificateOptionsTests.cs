using Talguard.Cli.Commands;
using Talguard.Tests.Hardening.Certificates;

namespace Talguard.Tests.Cli;

public class ScanCertificateOptionsTests
{
    [Theory]
    [InlineData("8760h", 8760 * 60)]
    [InlineData("1h30m", 90)]
    [InlineData("30d", 30 * 24 * 60)]
    public void Durations_read_like_go_with_days(string text, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), ScanCommand.ParseDuration(text, "--max-admin-ttl"));

    [Theory]
    [InlineData("--max-admin-ttl", "1x")]
    [InlineData("--max-admin-ttl", "99999999999d")]
    [InlineData("--expiry-warning", "-1")]
    [InlineData("--expiry-warning", "2147483647")]
    [InlineData("--expiry-warning", "36501")]
    public void Bad_values_are_one_line_usage_errors(string option, string value)
    {
        var outcome = Support.Cli.Run("scan", option, value, "does-not-matter.yaml");

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("talguard: " + option, outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', outcome.Stderr.TrimEnd('\n'));
        Assert.Equal(string.Empty, outcome.Stdout);
    }

    [Fact]
    public void Max_admin_ttl_changes_what_TG_CERT_004_accepts()
    {
        using var ca = TestPki.Ca("O=talos", DateTimeOffset.UtcNow.AddYears(9));
        using var admin = TestPki.Client(ca, "O=os:admin", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddYears(2));
        var file = Path.Combine(Path.GetTempPath(), "talguard-ttl-" + Guid.NewGuid().ToString("N") + ".yaml");
        System.IO.File.WriteAllText(file, TestPki.Talosconfig(ca, admin).Item2);
        try
        {
            Assert.Contains("\"TG-CERT-004\"", Support.Cli.Run("scan", "--format", "json", file).Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("\"TG-CERT-004\"", Support.Cli.Run("scan", "--format", "json", "--max-admin-ttl", "800d", file).Stdout, StringComparison.Ordinal);
        }
        finally
        {
            System.IO.File.Delete(file);
        }
    }
}
