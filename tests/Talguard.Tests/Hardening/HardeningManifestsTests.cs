using Talguard.Findings;
using Talguard.Hardening.PodSecurity;
using Talguard.Services;
using Talguard.Tests.Support;
using static Talguard.Tests.Hardening.ManifestTestKit;

namespace Talguard.Tests.Hardening;

/// <summary>
/// The whole <c>manifests/</c> directory of every profile variant: it loads, <c>talguard pss</c> and <c>talguard scan</c> find
/// nothing at or above low beyond what the plan accepts, and the same profile writes the same bytes.
/// </summary>
public class HardeningManifestsTests
{
    public static TheoryData<string> Variants => VariantNames;

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_manifest_loads_as_kubernetes_objects(string variant)
    {
        var plan = Plan(Profile(variant));
        using var scratch = new ScratchDirectory();
        var directory = WriteManifests(plan, scratch.Path);
        var result = ScanService.Run(new ScanRequest { Paths = [directory] }).Report;
        Assert.Empty(result.Errors);
        Assert.Empty(result.Skipped);
        Assert.Equal(
            ["falco-rules.yaml", "kyverno-policies.yaml", "namespaces.yaml", "network-policies.yaml", "prometheus-scrape.yaml", "rbac-read-only.yaml"],
            Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Pod_security_finds_nothing_beyond_what_the_plan_accepts(string variant)
    {
        var plan = Plan(Profile(variant));
        using var scratch = new ScratchDirectory();
        var result = PodSecurityService.Run(new PodSecurityRequest { Paths = [WriteManifests(plan, scratch.Path)] });
        Assert.DoesNotContain(result.Evaluation.Evaluations, e => !e.Result.Allowed);
        var unaccepted = Unaccepted(plan, result.Report.Findings);
        Assert.True(unaccepted.Count == 0, Describe(unaccepted));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Scan_finds_nothing_beyond_what_the_plan_accepts(string variant)
    {
        var plan = Plan(Profile(variant));
        using var scratch = new ScratchDirectory();
        var result = ScanService.Run(new ScanRequest { Paths = [WriteManifests(plan, scratch.Path)] });
        var unaccepted = Unaccepted(plan, result.Report.Findings);
        Assert.True(unaccepted.Count == 0, Describe(unaccepted));
    }

    [Fact]
    public void The_cli_passes_the_default_profiles_manifests_and_no_binding_reaches_secrets()
    {
        using var scratch = new ScratchDirectory();
        var directory = WriteManifests(Plan(Profile("default")), scratch.Path);
        var pss = Support.Cli.Run("pss", directory);
        Assert.True(pss.ExitCode == 0, pss.Stdout + pss.Stderr);
        var scan = Support.Cli.Run("scan", "--fail-on", "low", directory);
        Assert.True(scan.ExitCode == 0, scan.Stdout + scan.Stderr);
        var whoCan = Support.Cli.Run("rbac", "who-can", "get", "secrets", directory);
        Assert.Equal(0, whoCan.ExitCode);
        Assert.DoesNotContain("read-only", whoCan.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepted_findings_are_few_and_each_explained()
    {
        foreach (var variant in VariantNames.Select(v => v.Data))
        {
            var plan = Plan(Profile(variant));
            Assert.True(plan.Accepted.Count <= 2, variant);
            Assert.All(plan.Accepted, a => Assert.True(a.Reason.Length > 40, a.Reason));
        }

        Assert.Empty(Plan(Profile("default")).Accepted);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void The_same_profile_writes_the_same_bytes(string variant)
    {
        var first = Files(Plan(Profile(variant)));
        var second = Files(Plan(Profile(variant)));
        Assert.Equal(first.Keys.Order(StringComparer.Ordinal), second.Keys.Order(StringComparer.Ordinal));
        Assert.All(first, f => Assert.Equal(f.Value, second[f.Key]));
    }
}
