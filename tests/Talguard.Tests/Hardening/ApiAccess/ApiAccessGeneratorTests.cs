using Talguard.Hardening;
using Talguard.Hardening.ApiAccess;
using Talguard.Model.Talos.Patching;
using static Talguard.Tests.Hardening.ClusterGeneratorHarness;

namespace Talguard.Tests.Hardening.ApiAccess;

/// <summary>Talos API access settings from the harden generator, merged onto <c>talosctl gen config</c> output.</summary>
public sealed class ApiAccessGeneratorTests
{
    [Theory]
    [MemberData(nameof(Versions), MemberType = typeof(ClusterGeneratorHarness))]
    public async Task Merged_onto_gen_config_both_roles_validate_and_scan_clean(string version)
    {
        var plan = Plan(new ApiAccessGenerator(), Profile(version));
        Assert.Empty(plan.Accepted);
        foreach (var role in new[] { PatchTargets.ControlPlane, PatchTargets.Worker })
        {
            var merged = Merge(plan, version, role);
            await AssertSchemaValid(merged, version);
            AssertScansClean(merged, plan, version, role == PatchTargets.Worker ? "worker.yaml" : "controlplane.yaml", "TG-ACC-", "TG-CONF-");
        }
    }

    [Fact]
    public void Before_v1_12_rbac_and_the_client_auth_check_are_stated_on_for_every_node()
    {
        var text = PatchText(Plan(new ApiAccessGenerator(), Profile("v1.11")), PatchTargets.Worker);
        Assert.Contains("    rbac: true\n", text, StringComparison.Ordinal);
        Assert.Contains("    apidCheckExtKeyUsage: true\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("kubernetesTalosAPIAccess", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1.12")]
    [InlineData("v1.13")]
    public void From_v1_12_the_locked_switches_are_left_out_and_pod_access_is_turned_off(string version)
    {
        var plan = Plan(new ApiAccessGenerator(), Profile(version));
        Assert.Empty(PatchText(plan, PatchTargets.Worker));
        var text = PatchText(plan, PatchTargets.ControlPlane);
        Assert.DoesNotContain("rbac", text, StringComparison.Ordinal);
        Assert.Contains("kubernetesTalosAPIAccess:\n", text, StringComparison.Ordinal);
        Assert.Contains("enabled: false\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Pod_access_granting_os_admin_in_the_base_is_off_after_the_merge()
    {
        var plan = Plan(new ApiAccessGenerator(), Profile("v1.13"));
        var based = TalosPatchApplier.Apply(Merge(new HardeningPlan(), "v1.13", PatchTargets.ControlPlane), TalosPatchReader.Read("access.yaml", """
            machine:
              features:
                kubernetesTalosAPIAccess:
                  enabled: true
                  allowedRoles: [os:admin]
                  allowedKubernetesNamespaces: [kube-system]
            """));
        Assert.Contains(Unaccepted(based, plan, "v1.13", "controlplane.yaml", "TG-ACC-", "TG-CONF-"), f => f.Rule.Id == "TG-ACC-003");
        var merged = TalosPatchApplier.Apply(based, TalosPatchReader.Read("patch.yaml", PatchText(plan, PatchTargets.ControlPlane)));
        Assert.DoesNotContain(Unaccepted(merged, plan, "v1.13", "controlplane.yaml", "TG-ACC-", "TG-CONF-"), f => f.Rule.Id == "TG-ACC-003");
    }

    [Fact]
    public void V1_14_has_no_patch_because_pod_access_exists_only_with_its_document()
    {
        var plan = Plan(new ApiAccessGenerator(), Profile("v1.14"));
        Assert.Empty(plan.Patches);
        Assert.Contains(plan.Notes, n => n.Markdown.Contains("KubeTalosAPIAccessConfig", StringComparison.Ordinal));
    }
}
