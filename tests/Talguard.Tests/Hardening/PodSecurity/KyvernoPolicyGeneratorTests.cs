using Talguard.Hardening.PodSecurity;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using static Talguard.Tests.Hardening.ManifestTestKit;

namespace Talguard.Tests.Hardening.PodSecurity;

public class KyvernoPolicyGeneratorTests
{
    [Fact]
    public void Five_cluster_policies_for_what_pod_security_admission_does_not_check()
    {
        var documents = Documents(Plan(HardeningProfile.Default, new KyvernoPolicyGenerator()), KyvernoPolicyGenerator.FileName);
        Assert.Equal(
            ["disallow-latest-tag", "require-requests-limits", "disallow-default-namespace", "restrict-nodeport", "restrict-external-ips"],
            documents.Select(d => TextAt(d, "metadata", "name")));
        Assert.All(documents, d =>
        {
            Assert.Equal("kyverno.io/v1", TextAt(d, "apiVersion"));
            Assert.Equal("ClusterPolicy", TextAt(d, "kind"));
            Assert.Null(((ConfigMapping)d["spec"]!)["validationFailureAction"]);
        });
    }

    [Theory]
    [InlineData(nameof(ComplianceTarget.None), "Audit")]
    [InlineData(nameof(ComplianceTarget.Cis), "Enforce")]
    [InlineData(nameof(ComplianceTarget.PciDss), "Enforce")]
    [InlineData(nameof(ComplianceTarget.Soc2), "Enforce")]
    public void Each_rule_enforces_when_the_profile_aims_at_a_framework(string compliance, string action)
    {
        var profile = HardeningProfile.Default with { Compliance = Enum.Parse<ComplianceTarget>(compliance) };
        var rules = Rules(Plan(profile, new KyvernoPolicyGenerator()));
        Assert.Equal(6, rules.Count);
        Assert.All(rules, r => Assert.Equal(action, TextAt(r, "validate", "failureAction")));
    }

    [Fact]
    public void Exempt_namespaces_are_excluded_and_nothing_is_excluded_without_them()
    {
        var exempting = HardeningProfile.Default with { PodSecurity = new PodSecurityProfile(PodSecurityLevel.Restricted, ["kube-system", "cilium"]) };
        Assert.All(Rules(Plan(exempting, new KyvernoPolicyGenerator())), r =>
        {
            Assert.Equal("cilium", TextAt(r, "exclude", "any", "0", "resources", "namespaces", "0"));
            Assert.Equal("kube-system", TextAt(r, "exclude", "any", "0", "resources", "namespaces", "1"));
        });

        var none = HardeningProfile.Default with { PodSecurity = new PodSecurityProfile(PodSecurityLevel.Restricted, []) };
        Assert.All(Rules(Plan(none, new KyvernoPolicyGenerator())), r => Assert.Null(r["exclude"]));
    }

    [Fact]
    public void Image_rules_cover_init_and_ephemeral_containers()
    {
        var latest = Rules(Plan(HardeningProfile.Default, new KyvernoPolicyGenerator())).Single(r => TextAt(r, "name") == "disallow-latest");
        Assert.Equal("!*:latest", TextAt(latest, "validate", "pattern", "spec", "containers", "0", "image"));
        Assert.Equal("!*:latest", TextAt(latest, "validate", "pattern", "spec", "=(initContainers)", "0", "image"));
        Assert.Equal("!*:latest", TextAt(latest, "validate", "pattern", "spec", "=(ephemeralContainers)", "0", "image"));
    }

    private static List<ConfigMapping> Rules(Talguard.Hardening.HardeningPlan plan) =>
        [.. Documents(plan, KyvernoPolicyGenerator.FileName).SelectMany(d => ((ConfigSequence)((ConfigMapping)d["spec"]!)["rules"]!).Items.Cast<ConfigMapping>())];
}
