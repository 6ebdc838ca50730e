using System.Text.RegularExpressions;
using Talguard.Findings;
using Talguard.Hardening;
using Talguard.Model.Profile;
using static Talguard.Tests.Hardening.GeneratorProof;

namespace Talguard.Tests.Hardening;

/// <summary>The node sections' generators together, as harden runs them: proven per release, no literal secret.</summary>
public sealed partial class NodeGeneratorsTests
{
    private static readonly Section[] Sections = [Section.Config, Section.SecureBoot, Section.DiskEncryption, Section.Tpm, Section.Network];

    public static TheoryData<string, bool> Matrix
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (var line in Releases.Keys)
            {
                data.Add(line, true);
                data.Add(line, false);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task All_node_generators_together_validate_and_scan_clean(string line, bool strongest)
    {
        var profile = strongest
            ? Profile(line) with { DiskEncryption = new DiskEncryptionProfile(DiskEncryptionMode.TpmWithRecovery) }
            : Profile(line) with { SecureBoot = new SecureBootProfile(false), Cni = CniChoice.Flannel, DiskEncryption = new DiskEncryptionProfile(DiskEncryptionMode.Tpm) };
        var plan = Plan(profile, [.. HardeningGenerators.All]);

        var findings = await Prove(line, profile, plan, Sections);

        Assert.DoesNotContain(findings, f => f.RuleId == "TG-K8S-008");
        foreach (var role in new[] { PatchTargets.ControlPlane, PatchTargets.Worker })
        {
            var text = PatchText(plan, role);
            Assert.All(Passphrase().Matches(text), m => Assert.Equal("\"${TALGUARD_LUKS_RECOVERY}\"", m.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"passphrase:\s*(.*)")]
    private static partial Regex Passphrase();
}
