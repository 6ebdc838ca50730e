using Talguard.Findings;
using Talguard.Hardening;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;

namespace Talguard.Tests.Hardening.Harden;

/// <summary>
/// Small real generators for the service's own tests, independent of the section generators: one patch per role, a
/// typed document with a secret placeholder, a manifest file of two documents, notes and an accepted finding.
/// </summary>
internal static class TestGenerators
{
    public static IReadOnlyList<IHardeningGenerator> All { get; } = [new Sysctls(), new Volumes(), new Namespaces()];

    public static ConfigScalar S(string text) => ConfigScalar.String(text);

    /// <summary>A generator that fails, as a broken section would, after the others ran.</summary>
    public sealed class Failing : IHardeningGenerator
    {
        public Section Section => Section.Network;

        public void Generate(HardeningProfile profile, HardeningPlan plan) => throw new InvalidOperationException("generator failed midway");
    }

    private sealed class Sysctls : IHardeningGenerator
    {
        public Section Section => Section.ControlPlane;

        public void Generate(HardeningProfile profile, HardeningPlan plan)
        {
            var subnets = new ConfigSequence([ConfigScalar.Quoted(profile.Network.ClusterCidr)]);
            var kubelet = ConfigMapping.Of(("nodeIP", ConfigMapping.Of(("validSubnets", subnets))));
            var sysctls = ConfigMapping.Of(("kernel.kptr_restrict", ConfigScalar.Quoted("2")));
            plan.AddPatch(Section, PatchTargets.All, ConfigMapping.Of(("machine", ConfigMapping.Of(("sysctls", sysctls), ("kubelet", kubelet)))));
            plan.AddNote(Section, "The kubelet binds to the cluster network only.");
        }
    }

    private sealed class Volumes : IHardeningGenerator
    {
        public Section Section => Section.DiskEncryption;

        public void Generate(HardeningProfile profile, HardeningPlan plan)
        {
            plan.AddPatch(Section, PatchTargets.All, ConfigMapping.Of(
                ("apiVersion", S("v1alpha1")), ("kind", S("VolumeConfig")), ("name", S("EPHEMERAL")),
                ("encryption", ConfigMapping.Of(("provider", S("luks2")), ("keys", new ConfigSequence([
                    ConfigMapping.Of(("slot", ConfigScalar.Of(0)), ("nodeID", new ConfigMapping())),
                    ConfigMapping.Of(("slot", ConfigScalar.Of(1)), ("static", ConfigMapping.Of(("passphrase", ConfigScalar.Quoted("${TALGUARD_LUKS_RECOVERY}"))))),
                ]))))));
            plan.AddPlaceholder("TALGUARD_LUKS_RECOVERY", "The LUKS2 recovery passphrase (slot 1); keep it in your password manager.");
            plan.AddNote(Section, "Wipe EPHEMERAL so that it is encrypted.", existingClusterOnly: true);
            plan.Accept("TG-DISK-004", "a recovery passphrase is kept on purpose");
        }
    }

    private sealed class Namespaces : IHardeningGenerator
    {
        public Section Section => Section.PodSecurity;

        public void Generate(HardeningProfile profile, HardeningPlan plan)
        {
            foreach (var name in new[] { "apps", "monitoring" })
            {
                plan.AddManifest(Section, "namespaces.yaml", ConfigMapping.Of(
                    ("apiVersion", S("v1")), ("kind", S("Namespace")),
                    ("metadata", ConfigMapping.Of(("name", S(name)), ("labels", ConfigMapping.Of(("pod-security.kubernetes.io/enforce", S("restricted"))))))));
            }
        }
    }
}
