using Talguard.Hardening;
using Talguard.Hardening.ApiAccess;
using Talguard.Hardening.AuditLogging;
using Talguard.Hardening.ControlPlane;
using Talguard.Hardening.PodSecurity;
using Talguard.Hardening.SecretsAtRest;
using Talguard.Model.Profile;
using static Talguard.Tests.Hardening.ClusterGeneratorHarness;

namespace Talguard.Tests.Hardening;

/// <summary>The cluster sections' generators together, as the harden service composes them, on each release's gen-config output.</summary>
public sealed class ClusterGeneratorsTests
{
    private static readonly IHardeningGenerator[] ClusterGenerators =
    [
        new AuditPolicyGenerator(), new PodSecurityAdmissionGenerator(), new SecretsAtRestGenerator(), new ControlPlaneGenerator(), new ApiAccessGenerator(),
    ];

    public static TheoryData<string, bool> Matrix
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (var version in new[] { "v1.11", "v1.12", "v1.13", "v1.14" })
            {
                data.Add(version, false);
                data.Add(version, true);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Together_both_roles_validate_and_scan_clean_of_every_cluster_rule(string version, bool aescbc)
    {
        var plan = new HardeningPlan();
        foreach (var generator in ClusterGenerators)
        {
            generator.Generate(Profile(version) with { SecretsAtRest = aescbc ? SecretsAtRestProvider.Aescbc : SecretsAtRestProvider.Secretbox }, plan);
        }

        foreach (var role in new[] { PatchTargets.ControlPlane, PatchTargets.Worker })
        {
            var merged = Merge(plan, version, role);
            await AssertSchemaValid(merged, version);
            AssertScansClean(merged, plan, version, role == PatchTargets.Worker ? "worker.yaml" : "controlplane.yaml", ClusterPrefixes);
        }

        Assert.True(plan.Accepted.Count <= 1, string.Join("; ", plan.Accepted));
    }

    [Theory]
    [MemberData(nameof(Versions), MemberType = typeof(ClusterGeneratorHarness))]
    public void Every_generator_is_pure_and_writes_no_literal_secret(string version)
    {
        foreach (var generator in ClusterGenerators)
        {
            var profile = Profile(version) with { SecretsAtRest = SecretsAtRestProvider.Aescbc };
            var first = PatchText(Plan(generator, profile), PatchTargets.All) + PatchText(Plan(generator, profile), PatchTargets.Worker);
            var second = PatchText(Plan(generator, profile), PatchTargets.All) + PatchText(Plan(generator, profile), PatchTargets.Worker);
            Assert.Equal(first, second);
            Assert.DoesNotMatch("[A-Za-z0-9+/]{40,}={0,2}", first);
            Assert.Equal(generator.Section, Assert.Single(Plan(generator, profile).Patches.Select(p => p.Section).Append(generator.Section).Distinct()));
        }
    }
}
