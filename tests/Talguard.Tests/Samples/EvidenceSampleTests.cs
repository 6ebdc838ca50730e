using Talguard.Evidence;
using Talguard.Findings;
using Talguard.Services;
using Talguard.Tests.Support;

namespace Talguard.Tests.Samples;

/// <summary>
/// The samples of the TG-LIVE evidence rules: in <c>Samples/TG-LIVE-NNN/</c>, each <c>fire*</c> and <c>pass*</c>
/// directory is an evidence bundle with a sidecar <c>&lt;name&gt;.expect</c> listing, one per line, every rule ID that
/// verifying it must report (none for a pass), and <c>--expect-extensions NAME...</c> when the run needs it.
/// </summary>
public sealed class EvidenceSampleTests
{
    public static TheoryData<string, string> Samples()
    {
        var data = new TheoryData<string, string>();
        foreach (var rule in LiveRuleJudge.Rules.Select(r => r.Descriptor.Id).Order(StringComparer.Ordinal))
        {
            var directory = Path.Combine(RuleSampleTests.Root, rule);
            if (!Directory.Exists(directory))
            {
                continue;
            }

            foreach (var sample in Directory.GetDirectories(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal))
            {
                data.Add(rule, sample!);
            }
        }

        return data;
    }

    [Fact]
    public void Every_evidence_rule_has_a_firing_and_a_passing_bundle()
    {
        Assert.Equal(Enumerable.Range(1, 9).Select(n => $"TG-LIVE-{n:000}"), LiveRuleJudge.Rules.Select(r => r.Descriptor.Id).Order(StringComparer.Ordinal));
        foreach (var rule in LiveRuleJudge.Rules.Select(r => r.Descriptor.Id))
        {
            var directory = Path.Combine(RuleSampleTests.Root, rule);
            Assert.True(Directory.Exists(directory), $"{rule} has no sample directory {directory}");
            var samples = Directory.GetDirectories(directory).Select(Path.GetFileName).ToList();
            Assert.Contains(samples, s => s!.StartsWith("fire", StringComparison.Ordinal));
            Assert.Contains(samples, s => s!.StartsWith("pass", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Bundle_reports_exactly_the_rules_its_sidecar_lists(string rule, string sample)
    {
        var path = Path.Combine(RuleSampleTests.Root, rule, sample);
        var lines = File.ReadAllLines(path + ".expect").Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var expected = lines.Where(l => !l.StartsWith("--", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var extensions = lines.SingleOrDefault(l => l.StartsWith("--expect-extensions ", StringComparison.Ordinal))?["--expect-extensions ".Length..].Split(' ');
        Assert.Equal(sample.StartsWith("fire", StringComparison.Ordinal), expected.Contains(rule));

        var verified = VerifyService.Verify(new VerifyRequest(path) { ExpectedExtensions = extensions });

        Assert.Equal(expected, verified.Findings.Select(f => f.RuleId).Distinct().Order(StringComparer.Ordinal));
        Assert.All(verified.Findings, f => Assert.True(f.Rule.Allows(f.Severity), $"{f.Rule.Id} reported {f.Severity.ToName()}, which its descriptor does not declare"));
        Assert.All(verified.Findings, f => Assert.StartsWith(path.Replace('\\', '/') + "/talos/", f.Location.File, StringComparison.Ordinal));
    }
}
