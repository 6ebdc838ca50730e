using Talguard.Hardening;
using Talguard.Hardening.ControlPlane;
using Talguard.Model.Talos.Patching;
using static Talguard.Tests.Hardening.ClusterGeneratorHarness;

namespace Talguard.Tests.Hardening.ControlPlane;

/// <summary>The control-plane flags and kubelet seccomp default from the harden generator, merged onto <c>talosctl gen config</c> output.</summary>
public sealed class ControlPlaneGeneratorTests
{
    [Theory]
    [MemberData(nameof(Versions), MemberType = typeof(ClusterGeneratorHarness))]
    public async Task Merged_onto_gen_config_both_roles_validate_and_scan_clean(string version)
    {
        var plan = Plan(new ControlPlaneGenerator(), Profile(version));
        Assert.Empty(plan.Accepted);
        foreach (var role in new[] { PatchTargets.ControlPlane, PatchTargets.Worker })
        {
            var merged = Merge(plan, version, role);
            await AssertSchemaValid(merged, version);
            AssertScansClean(merged, plan, version, role == PatchTargets.Worker ? "worker.yaml" : "controlplane.yaml", "TG-K8S-", "TG-CONF-");
        }
    }

    [Theory]
    [MemberData(nameof(Versions), MemberType = typeof(ClusterGeneratorHarness))]
    public void Controller_manager_and_scheduler_stay_on_localhost_without_profiling_and_the_kubelet_defaults_to_runtime_seccomp(string version)
    {
        var plan = Plan(new ControlPlaneGenerator(), Profile(version));
        var merged = ConfigYamlWriter.Write(Merge(plan, version, PatchTargets.ControlPlane));
        Assert.Equal(2, merged.Split('\n').Count(l => l.Trim() == "bind-address: 127.0.0.1"));
        Assert.Equal(3, merged.Split('\n').Count(l => l.Trim() == "profiling: \"false\""));
        Assert.Contains("defaultRuntimeSeccompProfileEnabled: true\n", merged, StringComparison.Ordinal);
        var worker = PatchText(plan, PatchTargets.Worker);
        Assert.Contains("defaultRuntimeSeccompProfileEnabled: true\n", worker, StringComparison.Ordinal);
        Assert.DoesNotContain("bind-address", worker, StringComparison.Ordinal);
        Assert.DoesNotContain("validSubnets", merged, StringComparison.Ordinal);
    }

    [Fact]
    public void V1_14_writes_each_component_document_and_earlier_releases_the_v1alpha1_sections()
    {
        var split = PatchText(Plan(new ControlPlaneGenerator(), Profile("v1.14")), PatchTargets.ControlPlane);
        foreach (var kind in new[] { "KubeAPIServerConfig", "KubeControllerManagerConfig", "KubeSchedulerConfig", "KubeletConfig" })
        {
            Assert.Contains($"kind: {kind}\n", split, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("\ncluster:", "\n" + split, StringComparison.Ordinal);
        Assert.DoesNotContain("\nmachine:", "\n" + split, StringComparison.Ordinal);
        var main = PatchText(Plan(new ControlPlaneGenerator(), Profile("v1.12")), PatchTargets.ControlPlane);
        Assert.DoesNotContain("kind:", main, StringComparison.Ordinal);
        Assert.Contains("  controllerManager:\n", main, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Versions), MemberType = typeof(ClusterGeneratorHarness))]
    public void Applying_the_patch_twice_changes_nothing(string version)
    {
        var plan = Plan(new ControlPlaneGenerator(), Profile(version));
        var once = Merge(plan, version, PatchTargets.ControlPlane);
        var twice = TalosPatchApplier.Apply(once, TalosPatchReader.Read("patch.yaml", PatchText(plan, PatchTargets.ControlPlane)));
        Assert.Equal(ConfigYamlWriter.Write(once), ConfigYamlWriter.Write(twice));
    }
}
