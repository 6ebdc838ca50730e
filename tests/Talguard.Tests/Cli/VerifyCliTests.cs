using System.Text.Json;
using Talguard.Tests.Evidence;

namespace Talguard.Tests.Cli;

/// <summary><c>talguard verify BUNDLE</c> from the command line: every report format, exit codes as scan, bad evidence as one line.</summary>
public sealed class VerifyCliTests
{
    private const string Mixed = TestBundles.Relative + "/v1.12-mixed";

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    [InlineData("sarif")]
    [InlineData("junit")]
    [InlineData("compact")]
    [InlineData("markdown")]
    public void Every_format_reports_the_findings_and_exits_as_scan(string format)
    {
        var outcome = Support.Cli.Run("verify", Mixed, "--format", format, "--expect-extensions", "iscsi-tools");

        Assert.Equal((1, string.Empty), (outcome.ExitCode, outcome.Stderr));
        // Markdown escapes '-' and '.', so look for what every format writes alike.
        Assert.Contains("LIVE", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("nftableschain", outcome.Stdout, StringComparison.Ordinal);
        Assert.Equal(outcome.Stdout, Support.Cli.Run("verify", Mixed, "--format", format, "--expect-extensions", "iscsi-tools").Stdout);
    }

    [Theory]
    [InlineData("high", 1)]
    [InlineData("critical", 0)]
    [InlineData("none", 0)]
    public void Fail_on_sets_the_exit_code(string failOn, int exitCode) =>
        Assert.Equal(exitCode, Support.Cli.Run("verify", Mixed, "--fail-on", failOn, "--format", "compact").ExitCode);

    [Fact]
    public void A_healthy_bundle_exits_0() =>
        Assert.Equal(0, Support.Cli.Run("verify", TestBundles.Relative + "/v1.11-healthy").ExitCode);

    [Fact]
    public void Json_lists_nodes_and_what_was_not_collected()
    {
        var outcome = Support.Cli.Run("verify", TestBundles.Relative + "/v1.13-partial", "--format", "json");

        using var json = JsonDocument.Parse(outcome.Stdout);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(
            ["10.5.0.2 controlplane v1.13.2", "10.5.0.3 worker v1.13.2", "10.5.0.4 worker v1.13.0"],
            root.GetProperty("nodes").EnumerateArray().Select(n => $"{n.GetProperty("address").GetString()} {n.GetProperty("role").GetString()} {n.GetProperty("talosVersion").GetString()}"));
        var notCollected = root.GetProperty("notCollected").EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Null, notCollected[0].GetProperty("node").ValueKind);
        Assert.Equal("apiserverconfig", notCollected[0].GetProperty("resource").GetString());
        var refused = notCollected.Single(n => n.GetProperty("resource").GetString() == "securitystate");
        Assert.Equal(("10.5.0.3", "refused: rpc error: code = PermissionDenied desc = not authorized"), (refused.GetProperty("node").GetString(), refused.GetProperty("reason").GetString()));
        var finding = root.GetProperty("findings")[0];
        Assert.Equal(TestBundles.Relative + "/v1.13-partial/talos/kernelparamstatus.json", finding.GetProperty("location").GetProperty("file").GetString());
        Assert.Equal(("KernelParamStatuses.runtime.talos.dev", "spec.current"), (finding.GetProperty("location").GetProperty("kind").GetString(), finding.GetProperty("location").GetProperty("path").GetString()));
    }

    [Fact]
    public void Scan_json_has_no_verify_members()
    {
        var outcome = Support.Cli.Run("scan", "examples", "--format", "json", "--fail-on", "none");

        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.False(json.RootElement.TryGetProperty("notCollected", out _));
        Assert.False(json.RootElement.TryGetProperty("nodes", out _));
    }

    [Fact]
    public void The_table_says_what_was_not_collected()
    {
        var outcome = Support.Cli.Run("verify", TestBundles.Relative + "/v1.13-partial");

        Assert.Contains("not collected: securitystate on 10.5.0.3: refused: rpc error", outcome.Stdout.Replace("\n      ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, string> BadEvidence() => new()
    {
        { "talos/volumestatus.json", "\"configuredEncryptionKeys\": [\n            \"nodeID\",", "CUT", "talos/volumestatus.json:90: truncated: the object starting here is not closed before the end of the file" },
        { "manifest.json", "\"schemaVersion\": 1", "\"schemaVersion\": 2", "manifest.json:17: schemaVersion 2 is not supported (this talguard reads schemaVersion 1)" },
        { "talos/nftableschain.json", "NfTablesChains.net.talos.dev", "NfTablesRules.net.talos.dev", "talos/nftableschain.json:8: unknown resource shape: metadata.type is \"NfTablesRules.net.talos.dev\", but talos/nftableschain.json holds NfTablesChains.net.talos.dev (talosctl get nftableschain -o json)" },
        { "manifest.json", "DELETE", string.Empty, "manifest.json: missing: an evidence bundle holds manifest.json (see docs/verify.md)" },
    };

    [Theory]
    [MemberData(nameof(BadEvidence))]
    public void Bad_evidence_is_one_line_naming_the_bundle_file_and_exit_2(string file, string find, string replace, string expected)
    {
        using var copy = TestBundles.Copy("v1.12-mixed");
        if (find == "DELETE")
        {
            File.Delete(Path.Combine(copy.Path, file));
        }
        else
        {
            copy.Edit(file, text =>
            {
                var at = text.IndexOf(find, StringComparison.Ordinal);
                Assert.True(at >= 0, $"{find} not in {file}");
                return replace == "CUT" ? text[..at] : text[..at] + replace + text[(at + find.Length)..];
            });
        }

        foreach (var format in new[] { "table", "json" })
        {
            Support.Cli.AssertOneLineInputError(Support.Cli.Run("verify", copy.Path, "--format", format), copy.Display + "/" + expected);
        }
    }

    [Fact]
    public void A_missing_bundle_is_bad_input() =>
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("verify", "no-such-bundle"), "no-such-bundle: no such directory");
}
