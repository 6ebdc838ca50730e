using Talguard.Findings;
using Talguard.Services;

namespace Talguard.Tests.Cli;

/// <summary><c>talguard rules TG-XXX-NNN</c>: one rule in full, or a usage error with a suggestion.</summary>
public sealed class RulesDetailTests
{
    [Fact]
    public void One_rule_shows_every_part_of_its_descriptor()
    {
        var rule = RuleCatalog.Find("TG-DISK-002")!;
        var outcome = Support.Cli.Run("rules", "TG-DISK-002");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(string.Empty, outcome.Stderr);
        Assert.StartsWith($"TG-DISK-002: {rule.Title}\nSeverity: high   Section: {rule.Section.Title} (disk-encryption)\n", outcome.Stdout, StringComparison.Ordinal);
        // Prose wraps at spaces to the width (80 here); joined back, it is the descriptor's text.
        var prose = outcome.Stdout[..outcome.Stdout.IndexOf("\nExample patch", StringComparison.Ordinal)] + outcome.Stdout[outcome.Stdout.IndexOf("\nControls:", StringComparison.Ordinal)..];
        Assert.All(prose.Split('\n'), line => Assert.True(line.Length <= 80, line));
        Assert.Contains("Why: " + OneLine(rule.Rationale), OneLine(outcome.Stdout), StringComparison.Ordinal);
        Assert.Contains("Fix: " + OneLine(rule.Remediation), OneLine(outcome.Stdout), StringComparison.Ordinal);
        Assert.Contains("Example patch", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("  kind: VolumeConfig\n  name: EPHEMERAL\n", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("Controls: pci-dss-4.0 3.5.1, 3.5.1.3; soc2 CC6.1, CC6.7\n", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("Talos versions: all\n", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("Reads: control-plane and worker configs\n", outcome.Stdout, StringComparison.Ordinal);
    }

    private static string OneLine(string text) => string.Join(' ', text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Every rule can be shown; an example patch, where the rule writes one for a bare config, is shown with it.</summary>
    [Fact]
    public void Every_rule_is_shown_with_its_example_patch_where_it_has_one()
    {
        var withExample = 0;
        foreach (var descriptor in RuleCatalog.Descriptors)
        {
            var details = RuleService.Describe(descriptor.Id)!;
            Assert.Same(descriptor, details.Descriptor);
            if (details.ExamplePatch is { } patch)
            {
                Assert.False(string.IsNullOrWhiteSpace(patch));
                Assert.Contains("  " + patch.Split('\n')[0] + "\n", Support.Cli.Run("rules", descriptor.Id).Stdout, StringComparison.Ordinal);
                withExample++;
            }
        }

        Assert.True(withExample >= 5, $"only {withExample} rules have an example patch");
    }

    [Fact]
    public void Rules_without_a_patch_show_none()
    {
        var without = RuleCatalog.Descriptors.First(d => RuleService.Describe(d.Id)!.ExamplePatch is null);

        Assert.DoesNotContain("Example patch", Support.Cli.Run("rules", without.Id).Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TG-DISK-01", "unknown rule TG-DISK-01; did you mean TG-DISK-001?")]
    [InlineData("TG-DSK-001", "unknown rule TG-DSK-001; did you mean TG-DISK-001?")]
    [InlineData("nonsense", "unknown rule nonsense (see talguard rules)")]
    public void An_unknown_id_is_a_usage_error_with_a_suggestion(string id, string expected)
    {
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("rules", id), expected);
    }

    [Fact]
    public void One_rule_as_json_is_the_catalog_entry()
    {
        var outcome = Support.Cli.Run("rules", "TG-DISK-001", "--format", "json");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("\"TG-DISK-001\"", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\"TG-DISK-002\"", outcome.Stdout, StringComparison.Ordinal);
    }
}
