using Talguard.Hardening.PodSecurity;
using Talguard.Hardening.PodSecurity.Rules;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using Talguard.Services;
using Talguard.Tests.Support;
using static Talguard.Tests.Hardening.ManifestTestKit;

namespace Talguard.Tests.Hardening.PodSecurity;

public class NamespaceManifestGeneratorTests
{
    private const string Prefix = "pod-security.kubernetes.io/";

    [Fact]
    public void Built_in_namespaces_enforce_the_profile_level_pinned_and_audit_and_warn_restricted_latest()
    {
        var documents = Documents(Plan(HardeningProfile.Default, new NamespaceManifestGenerator()), NamespaceManifestGenerator.FileName);
        Assert.Equal(["default", "kube-node-lease", "kube-public", "kube-system"], documents.Select(d => TextAt(d, "metadata", "name")));
        var labels = (ConfigMapping)((ConfigMapping)documents[0]["metadata"]!)["labels"]!;
        Assert.Equal(
            [("enforce", "restricted"), ("enforce-version", "v1.34"), ("audit", "restricted"), ("audit-version", "latest"), ("warn", "restricted"), ("warn-version", "latest")],
            labels.Entries.Select(e => (e.Key[Prefix.Length..], ((ConfigScalar)e.Value).Text)));
    }

    [Fact]
    public void Exempt_namespaces_say_privileged_and_why()
    {
        var plan = Plan(HardeningProfile.Default, new NamespaceManifestGenerator());
        var text = Files(plan)[NamespaceManifestGenerator.FileName];
        Assert.Contains("# kube-system is exempt in the PodSecurity admission configuration", text, StringComparison.Ordinal);
        var kubeSystem = Documents(plan, NamespaceManifestGenerator.FileName).Single(d => TextAt(d, "metadata", "name") == "kube-system");
        Assert.Equal("privileged", TextAt(kubeSystem, "metadata", "labels", Prefix + "enforce"));
        Assert.Empty(plan.Accepted);
    }

    [Fact]
    public void A_namespace_not_exempt_is_not_written_privileged()
    {
        var profile = HardeningProfile.Default with { PodSecurity = new PodSecurityProfile(PodSecurityLevel.Baseline, []) };
        var documents = Documents(Plan(profile, new NamespaceManifestGenerator()), NamespaceManifestGenerator.FileName);
        Assert.Equal(["default", "kube-node-lease", "kube-public"], documents.Select(d => TextAt(d, "metadata", "name")));
        Assert.All(documents, d => Assert.Equal("baseline", TextAt(d, "metadata", "labels", Prefix + "enforce")));
    }

    [Fact]
    public void An_exempt_application_namespace_is_accepted_and_the_scan_shows_exactly_that_finding()
    {
        var profile = HardeningProfile.Default with { PodSecurity = new PodSecurityProfile(PodSecurityLevel.Restricted, ["kube-system", "falco"]) };
        var plan = Plan(profile, new NamespaceManifestGenerator());
        var accepted = Assert.Single(plan.Accepted);
        Assert.Equal(PrivilegedNamespaceRule.Definition.Id, accepted.RuleId);
        Assert.Contains("falco", accepted.Reason, StringComparison.Ordinal);

        using var scratch = new ScratchDirectory();
        var findings = ScanService.Run(new ScanRequest { Paths = [WriteManifests(plan, scratch.Path)] }).Report.Findings;
        var finding = Assert.Single(findings);
        Assert.Equal(PrivilegedNamespaceRule.Definition.Id, finding.RuleId);
        Assert.Equal("falco", finding.Object?.Name);
    }

    [Theory]
    [InlineData("1.34.1", "v1.34")]
    [InlineData("v1.35.0", "v1.35")]
    [InlineData("1.30", "v1.30")]
    [InlineData("2.0.0", "latest")]
    [InlineData("one.two", "latest")]
    public void The_enforce_version_is_the_kubernetes_minor(string kubernetesVersion, string expected) =>
        Assert.Equal(expected, NamespaceManifestGenerator.PinnedVersion(kubernetesVersion));
}
