using Talguard.Tests.Support;

namespace Talguard.Tests.Cli;

/// <summary><c>talguard scan --merge BASE PATCH...</c>: the merged config is scanned, findings point at the line that set the value.</summary>
public class ScanMergeCliTests
{
    private const string Hardened = "examples/hardened-cluster/controlplane.yaml";
    private const string Insecure = "examples/insecure-cluster/controlplane.yaml";
    private const string Patches = "tests/Talguard.Tests/Cli/testdata/merge/";

    [Fact]
    public void A_literal_passphrase_set_by_the_patch_is_reported_at_the_patch_line()
    {
        var outcome = Support.Cli.Run("scan", "--merge", Hardened, Patches + "passphrase-patch.yaml", "--format", "json");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains(
            $"\"ruleId\": \"TG-DISK-008\",{Fields}\"location\": {{\n        \"file\": \"{Patches}passphrase-patch.yaml\",\n        \"line\": 9,",
            Normalized(outcome.Stdout), StringComparison.Ordinal);
        Assert.DoesNotContain("correct-horse", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_removed_by_patch_delete_is_reported_missing()
    {
        var before = Support.Cli.Run("scan", Hardened, "--format", "json");
        Assert.DoesNotContain("TG-NET-001", before.Stdout, StringComparison.Ordinal);
        var outcome = Support.Cli.Run("scan", "--merge", Hardened, Patches + "delete-firewall-patch.yaml", "--format", "json");
        Assert.Contains($"\"ruleId\": \"TG-NET-001\",{Fields}\"location\": {{\n        \"file\": \"{Hardened}\",\n        \"line\": 3,", Normalized(outcome.Stdout), StringComparison.Ordinal);
    }

    [Fact]
    public void A_weak_base_value_the_patch_overrides_is_not_reported()
    {
        Assert.Contains("TG-BOOT-001", Support.Cli.Run("scan", Insecure).Stdout, StringComparison.Ordinal);
        foreach (var patch in new[] { "secureboot-image-patch.yaml", "json6902-patch.yaml" })
        {
            var outcome = Support.Cli.Run("scan", "--merge", Insecure, Patches + patch);
            Assert.DoesNotContain("TG-BOOT-001", outcome.Stdout, StringComparison.Ordinal);
            // The base's other findings stay at the base's lines.
            Assert.Contains("TG-CONF-006 ", outcome.Stdout, StringComparison.Ordinal);
            Assert.Contains("controlplane.yaml:195:26", outcome.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_json_report_lists_the_base_and_the_patches_and_is_deterministic()
    {
        string[] args = ["scan", "--merge", Hardened, Patches + "passphrase-patch.yaml", Patches + "delete-firewall-patch.yaml", "--format", "json"];
        var first = Support.Cli.Run(args);
        Assert.Contains(
            $"\"merge\": {{\n    \"base\": \"{Hardened}\",\n    \"patches\": [\n      \"{Patches}passphrase-patch.yaml\",\n      \"{Patches}delete-firewall-patch.yaml\"\n    ]\n  }},",
            Normalized(first.Stdout), StringComparison.Ordinal);
        Assert.Equal(first, Support.Cli.Run(args));
        Assert.DoesNotContain("\"merge\"", Support.Cli.Run("scan", Hardened, "--format", "json").Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad-directive-patch.yaml", "bad-directive-patch.yaml:3: unsupported $patch directive")]
    [InlineData("missing-target-patch.yaml", "missing-target-patch.yaml:4: $patch: delete of machine.nonexistent.setting")]
    [InlineData("json6902-patch.yaml", "json6902-patch.yaml:1: JSON 6902 patches apply only to a single-document config")]
    public void A_patch_that_cannot_apply_is_one_input_error_naming_file_and_line(string patch, string error)
    {
        var outcome = Support.Cli.Run("scan", "--merge", Hardened, Patches + patch);
        Support.Cli.AssertOneLineInputError(outcome, Patches + error);
    }

    [Fact]
    public void Merge_needs_a_base_and_a_patch()
    {
        var outcome = Support.Cli.Run("scan", "--merge", Hardened);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--merge", outcome.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The JSON members between <c>ruleId</c> and <c>location</c> (severity, section, title, message).</summary>
    private const string Fields = "\n[FIELDS]";

    private static string Normalized(string json) =>
        System.Text.RegularExpressions.Regex.Replace(json, "(\"ruleId\": \"[A-Z0-9-]+\",)\n(?:      \"(?:severity|section|title|message)\": [^\n]*\n)+      ", "$1\n[FIELDS]");
}
