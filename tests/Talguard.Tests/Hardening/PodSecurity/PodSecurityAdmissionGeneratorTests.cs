using Talguard.Hardening;
using Talguard.Hardening.PodSecurity;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using static Talguard.Tests.Hardening.ClusterGeneratorHarness;

namespace Talguard.Tests.Hardening.PodSecurity;

/// <summary>The PodSecurity admission configuration the harden generator writes, merged onto <c>talosctl gen config</c> output.</summary>
public sealed class PodSecurityAdmissionGeneratorTests
{
    [Theory]
    [MemberData(nameof(Versions), MemberType = typeof(ClusterGeneratorHarness))]
    public async Task Merged_onto_gen_config_it_validates_and_scans_clean(string version)
    {
        var plan = Plan(new PodSecurityAdmissionGenerator(), Profile(version));
        Assert.All(plan.Patches, p => Assert.Equal(PatchTargets.ControlPlane, p.Targets));
        Assert.Empty(plan.Accepted);
        var merged = Merge(plan, version, PatchTargets.ControlPlane);
        await AssertSchemaValid(merged, version);
        AssertScansClean(merged, plan, version, "controlplane.yaml", "TG-PSS-", "TG-CONF-");
    }

    [Theory]
    [MemberData(nameof(Versions), MemberType = typeof(ClusterGeneratorHarness))]
    public void The_merged_entry_is_v1_enforces_the_profile_level_and_exempts_kube_system_once(string version)
    {
        var merged = ConfigYamlWriter.Write(Merge(Plan(new PodSecurityAdmissionGenerator(), Profile(version)), version, PatchTargets.ControlPlane));
        Assert.Contains("apiVersion: pod-security.admission.config.k8s.io/v1\n", merged, StringComparison.Ordinal);
        Assert.DoesNotContain("pod-security.admission.config.k8s.io/v1alpha1", merged, StringComparison.Ordinal);
        Assert.Contains("enforce: restricted\n", merged, StringComparison.Ordinal);
        Assert.Single(merged.Split('\n'), l => l.Trim() == "- kube-system");
        Assert.DoesNotContain("feature-gates", merged, StringComparison.Ordinal);
    }

    [Fact]
    public void V1_14_patches_the_admission_document_named_pod_security()
    {
        var text = PatchText(Plan(new PodSecurityAdmissionGenerator(), Profile("v1.14")), PatchTargets.ControlPlane);
        Assert.StartsWith("apiVersion: v1alpha1\nkind: KubeAdmissionControlConfig\nname: PodSecurity\n", text, StringComparison.Ordinal);
        var main = PatchText(Plan(new PodSecurityAdmissionGenerator(), Profile("v1.11")), PatchTargets.ControlPlane);
        Assert.StartsWith("cluster:\n  apiServer:\n    admissionControl:\n      - name: PodSecurity\n", main, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Versions), MemberType = typeof(ClusterGeneratorHarness))]
    public async Task Extra_exemptions_and_a_privileged_level_are_added_once_and_accepted(string version)
    {
        var profile = Profile(version) with { PodSecurity = new PodSecurityProfile(PodSecurityLevel.Privileged, ["kube-system", "cilium", "cilium"]) };
        var plan = Plan(new PodSecurityAdmissionGenerator(), profile);
        Assert.Equal(["TG-PSS-002", "TG-PSS-003"], plan.Accepted.Select(a => a.RuleId).Order(StringComparer.Ordinal));
        var merged = Merge(plan, version, PatchTargets.ControlPlane);
        await AssertSchemaValid(merged, version);
        AssertScansClean(merged, plan, version, "controlplane.yaml", "TG-PSS-", "TG-CONF-");
        var text = ConfigYamlWriter.Write(merged);
        Assert.Single(text.Split('\n'), l => l.Trim() == "- kube-system");
        Assert.Single(text.Split('\n'), l => l.Trim() == "- cilium");
        Assert.Contains(plan.Notes, n => n.ExistingClusterOnly && n.Markdown.Contains("`cilium`", StringComparison.Ordinal));
    }

    [Fact]
    public void With_only_kube_system_exempt_applying_the_patch_twice_changes_nothing()
    {
        var plan = Plan(new PodSecurityAdmissionGenerator(), Profile("v1.13"));
        var once = Merge(plan, "v1.13", PatchTargets.ControlPlane);
        var twice = TalosPatchApplier.Apply(once, TalosPatchReader.Read("patch.yaml", PatchText(plan, PatchTargets.ControlPlane)));
        Assert.Equal(ConfigYamlWriter.Write(once), ConfigYamlWriter.Write(twice));
        Assert.Empty(plan.Notes);
    }
}
