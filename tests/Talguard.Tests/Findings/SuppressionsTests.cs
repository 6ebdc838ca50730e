using Talguard.Findings;
using Talguard.Model;
using Talguard.Tests.Reports;

namespace Talguard.Tests.Findings;

public class SuppressionsTests
{
    private static readonly DateTimeOffset Today = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);

    private static ScanResult Scan(string text, params ExceptionEntry[] exceptions)
    {
        var file = InputLoader.Parse("cluster/cp.yaml", null, text);
        var options = new ScanOptions { Now = Today, Exceptions = exceptions };
        return Scanner.Scan(new ClusterModel([file]), options, [SampleRules.KernelPointers]);
    }

    private static ExceptionEntry Exception(string glob, string? expires = null) =>
        new("TG-K8S-008", glob, "accepted for the lab", "sre", expires is null ? null : DateOnly.Parse(expires, System.Globalization.CultureInfo.InvariantCulture), ".talguard.yaml", 2);

    private const string Weak = "version: v1alpha1\nmachine:\n  type: worker\n  sysctls:\n    kernel.kptr_restrict: \"1\"\n";

    [Fact]
    public void Without_suppression_the_finding_is_active() =>
        Assert.False(Assert.Single(Scan(Weak).Findings).Suppressed);

    [Fact]
    public void Inline_comment_on_the_finding_line_suppresses_it_with_its_reason()
    {
        var finding = Assert.Single(Scan(Weak.Replace("\"1\"", "\"1\" # talguard:ignore TG-K8S-008 eBPF tracing in the lab", StringComparison.Ordinal)).Findings);
        Assert.Equal(new Suppression(SuppressionKind.InSource, "eBPF tracing in the lab"), finding.Suppression);
    }

    [Fact]
    public void Comment_on_its_own_line_directly_above_suppresses()
    {
        var text = Weak.Replace("    kernel.", "    # talguard:ignore TG-K8S-008 tracing\n    kernel.", StringComparison.Ordinal);
        Assert.True(Assert.Single(Scan(text).Findings).Suppressed);
    }

    [Fact]
    public void Comment_block_above_may_hold_the_ignore_among_other_comments()
    {
        var text = Weak.Replace("    kernel.", "    # talguard:ignore TG-K8S-008 tracing\n    # kernel pointers are needed by bpftrace\n    kernel.", StringComparison.Ordinal);
        Assert.True(Assert.Single(Scan(text).Findings).Suppressed);
    }

    [Fact]
    public void Comment_above_a_different_line_does_not_suppress()
    {
        var text = Weak.Replace("  sysctls:", "  # talguard:ignore TG-K8S-008 tracing\n  sysctls:", StringComparison.Ordinal);
        Assert.False(Assert.Single(Scan(text).Findings).Suppressed);
    }

    [Fact]
    public void Inline_comment_for_another_rule_does_not_suppress()
    {
        var text = Weak.Replace("\"1\"", "\"1\" # talguard:ignore TG-K8S-001 not this one", StringComparison.Ordinal);
        Assert.False(Assert.Single(Scan(text).Findings).Suppressed);
    }

    [Fact]
    public void One_comment_may_name_several_rules()
    {
        var text = Weak.Replace("\"1\"", "\"1\" # talguard:ignore TG-K8S-001,TG-K8S-008 both accepted", StringComparison.Ordinal);
        Assert.Equal("both accepted", Assert.Single(Scan(text).Findings).SuppressionReason);
    }

    [Fact]
    public void Exception_matching_the_file_suppresses_and_is_counted()
    {
        var result = Scan(Weak, Exception("cluster/*.yaml", "2026-09-01"));
        var finding = Assert.Single(result.Findings);
        Assert.Equal(new Suppression(SuppressionKind.External, "accepted for the lab", "sre"), finding.Suppression);
        Assert.Equal(1, result.SuppressedCount);
        Assert.Equal(0, result.Count(Severity.Medium));
        Assert.False(result.Fails(Severity.Info));
        Assert.Empty(result.Notices);
    }

    [Fact]
    public void Exception_for_another_path_does_not_suppress() =>
        Assert.False(Assert.Single(Scan(Weak, Exception("other/**")).Findings).Suppressed);

    [Fact]
    public void Expired_exception_stops_suppressing_and_says_so()
    {
        var result = Scan(Weak, Exception("cluster/**", "2026-08-31"));
        Assert.False(Assert.Single(result.Findings).Suppressed);
        Assert.True(result.Fails(Severity.Medium));
        Assert.Equal(
            ".talguard.yaml:2: exception for TG-K8S-008 on 'cluster/**' (owner sre) expired on 2026-08-31; its findings count again",
            Assert.Single(result.Notices));
    }

    [Fact]
    public void Exception_for_a_rule_that_does_not_exist_is_a_notice()
    {
        var unknown = new ExceptionEntry("TG-NET-999", "**", "typo", null, null, ".talguard.yaml", 7);
        var result = Scan(Weak, unknown);
        Assert.Equal(".talguard.yaml:7: exception names TG-NET-999, which is not a Talguard rule", Assert.Single(result.Notices));
    }

    [Fact]
    public void Inline_suppression_wins_over_an_exception()
    {
        var text = Weak.Replace("\"1\"", "\"1\" # talguard:ignore TG-K8S-008 in the file", StringComparison.Ordinal);
        Assert.Equal(SuppressionKind.InSource, Assert.Single(Scan(text, Exception("**")).Findings).Suppression!.Kind);
    }
}
