using Talguard.Hardening;
using Talguard.Hardening.SecretsAtRest;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using static Talguard.Tests.Hardening.ClusterGeneratorHarness;

namespace Talguard.Tests.Hardening.SecretsAtRest;

/// <summary>Secrets at rest from the harden generator: nothing to patch for secretbox, a placeholder key for aescbc.</summary>
public sealed class SecretsAtRestGeneratorTests
{
    [Theory]
    [MemberData(nameof(Versions), MemberType = typeof(ClusterGeneratorHarness))]
    public void Secretbox_needs_no_patch_because_gen_config_already_encrypts_with_it(string version)
    {
        var plan = Plan(new SecretsAtRestGenerator(), Profile(version));
        Assert.Empty(plan.Patches);
        Assert.Empty(plan.Placeholders);
        Assert.Empty(plan.Accepted);
        Assert.Contains(plan.Notes, n => !n.ExistingClusterOnly && n.Markdown.Contains("kubernetesrootsecrets", StringComparison.Ordinal));
        AssertScansClean(Merge(plan, version, PatchTargets.ControlPlane), plan, version, "controlplane.yaml", "TG-SEC-", "TG-CONF-");
    }

    [Theory]
    [InlineData("v1.11")]
    [InlineData("v1.12")]
    [InlineData("v1.13")]
    public async Task Aescbc_sets_a_placeholder_key_removes_secretbox_and_accepts_the_aescbc_finding(string version)
    {
        var plan = Plan(new SecretsAtRestGenerator(), Profile(version) with { SecretsAtRest = SecretsAtRestProvider.Aescbc });
        var placeholder = Assert.Single(plan.Placeholders);
        Assert.Equal("TALGUARD_AESCBC_ENCRYPTION_SECRET", placeholder.Name);
        Assert.Contains("head -c 32 /dev/urandom | base64", placeholder.Description, StringComparison.Ordinal);
        Assert.Equal("TG-SEC-002", Assert.Single(plan.Accepted).RuleId);
        var text = PatchText(plan, PatchTargets.ControlPlane);
        Assert.True(text.Contains("aescbcEncryptionSecret: \"${TALGUARD_AESCBC_ENCRYPTION_SECRET}\"\n", StringComparison.Ordinal), text);
        Assert.True(text.Contains("secretboxEncryptionSecret:\n    $patch: delete\n", StringComparison.Ordinal), text);

        var merged = Merge(plan, version, PatchTargets.ControlPlane);
        await AssertSchemaValid(merged, version);
        AssertScansClean(merged, plan, version, "controlplane.yaml", "TG-SEC-", "TG-CONF-");
        var cluster = (ConfigMapping)merged[0]["cluster"]!;
        Assert.Null(cluster["secretboxEncryptionSecret"]);
        Assert.Equal("${TALGUARD_AESCBC_ENCRYPTION_SECRET}", cluster.Text("aescbcEncryptionSecret"));
    }

    [Fact]
    public void Aescbc_on_v1_14_is_a_note_because_a_patch_cannot_replace_the_generated_provider_list()
    {
        var plan = Plan(new SecretsAtRestGenerator(), Profile("v1.14") with { SecretsAtRest = SecretsAtRestProvider.Aescbc });
        Assert.Empty(plan.Patches);
        Assert.Empty(plan.Accepted);
        Assert.Contains(plan.Notes, n => n.Markdown.Contains("KubeEtcdEncryptionConfig", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Versions), MemberType = typeof(ClusterGeneratorHarness))]
    public void No_patch_carries_a_literal_key(string version)
    {
        foreach (var provider in new[] { SecretsAtRestProvider.Secretbox, SecretsAtRestProvider.Aescbc })
        {
            var text = PatchText(Plan(new SecretsAtRestGenerator(), Profile(version) with { SecretsAtRest = provider }), PatchTargets.All);
            Assert.DoesNotMatch(@"[A-Za-z0-9+/]{43}=", text);
        }
    }
}
