using Talguard.Findings;
using Talguard.Hardening;
using Talguard.Hardening.DiskEncryption;
using Talguard.Hardening.SecureBoot;
using Talguard.Model.Profile;
using static Talguard.Tests.Hardening.GeneratorProof;

namespace Talguard.Tests.Hardening.DiskEncryption;

/// <summary>STATE and EPHEMERAL encryption per key mode, Secure Boot setting and release, proven on gen-config bases.</summary>
public sealed class DiskEncryptionGeneratorTests
{
    private static readonly Section[] Sections = [Section.DiskEncryption, Section.Tpm, Section.SecureBoot, Section.Config];

    public static TheoryData<string, string, bool> Matrix
    {
        get
        {
            var data = new TheoryData<string, string, bool>();
            foreach (var line in Releases.Keys)
            {
                foreach (var mode in new[] { "tpm", "tpm+recovery", "kms", "nodeID" })
                {
                    data.Add(line, mode, true);
                    data.Add(line, mode, false);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_mode_validates_and_scans_clean_on_every_release(string line, string mode, bool secureBoot)
    {
        var profile = Profile(line) with
        {
            DiskEncryption = new DiskEncryptionProfile(ModeOf(mode), mode == "kms" ? "https://kms.example.internal:443" : null),
            SecureBoot = HardeningProfile.Default.SecureBoot with { Enabled = secureBoot },
        };

        // The Secure Boot generator runs too: the TPM and enrollment rules judge the install image beside the keys.
        var plan = Plan(profile, new SecureBootGenerator(), new DiskEncryptionGenerator());
        var findings = await Prove(line, profile, plan, Sections);

        Assert.DoesNotContain(findings, f => f.RuleId is "TG-DISK-001" or "TG-DISK-002" or "TG-DISK-008" or "TG-TPM-003");
        Assert.All(plan.Accepted, a => Assert.False(string.IsNullOrWhiteSpace(a.Reason)));
        Assert.InRange(plan.Accepted.Count, 1, 5);
    }

    [Theory]
    [MemberData(nameof(ReleaseLines), MemberType = typeof(GeneratorProof))]
    public void Tpm_keys_enroll_only_with_secure_boot_and_ephemeral_keys_lock_to_state(string line)
    {
        var text = PatchText(Plan(Profile(line), new DiskEncryptionGenerator()), PatchTargets.Worker);

        Assert.Equal(2, Count(text, "checkSecurebootStatusOnEnroll: true"));
        Assert.Equal(1, Count(text, "lockToState: true"));
        Assert.Contains("name: STATE", text, StringComparison.Ordinal);
        Assert.Contains("name: EPHEMERAL", text, StringComparison.Ordinal);
        Assert.DoesNotContain("perf", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pcrs", text, StringComparison.Ordinal);
        Assert.Equal(text, PatchText(Plan(Profile(line), new DiskEncryptionGenerator()), PatchTargets.ControlPlane));
    }

    [Fact]
    public void Tpm_without_secure_boot_skips_the_enrollment_check_and_accepts_why()
    {
        var profile = Profile("v1.13") with { SecureBoot = new SecureBootProfile(Enabled: false) };
        var plan = Plan(profile, new DiskEncryptionGenerator());

        Assert.DoesNotContain("checkSecurebootStatusOnEnroll", PatchText(plan, PatchTargets.All), StringComparison.Ordinal);
        Assert.Equal(["TG-DISK-007", "TG-TPM-002", "TG-BOOT-003"], plan.Accepted.Select(a => a.RuleId));
    }

    [Theory]
    [InlineData("v1.12")]
    [InlineData("v1.13")]
    [InlineData("v1.14")]
    public async Task Tpm_pcrs_from_the_profile_are_written_from_v1_12(string line)
    {
        var profile = Profile(line) with { DiskEncryption = new DiskEncryptionProfile(DiskEncryptionMode.Tpm, TpmPcrs: [7, 4]) };
        var plan = Plan(profile, new SecureBootGenerator(), new DiskEncryptionGenerator());

        Assert.Contains("options:\n", PatchText(plan, PatchTargets.Worker), StringComparison.Ordinal);
        Assert.Contains("pcrs:\n", PatchText(plan, PatchTargets.Worker), StringComparison.Ordinal);
        await Prove(line, profile, plan, Sections);
    }

    [Fact]
    public void Tpm_pcrs_are_left_out_on_v1_11_which_rejects_them()
    {
        // The profile reader refuses this combination; the generator still never writes a field v1.11 rejects.
        var profile = Profile("v1.11") with { DiskEncryption = new DiskEncryptionProfile(DiskEncryptionMode.Tpm, TpmPcrs: [7]) };

        Assert.DoesNotContain("options", PatchText(Plan(profile, new DiskEncryptionGenerator()), PatchTargets.All), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_pcr_list_is_written_and_accepted_with_why()
    {
        var profile = Profile("v1.13") with { DiskEncryption = new DiskEncryptionProfile(DiskEncryptionMode.Tpm, TpmPcrs: []) };
        var plan = Plan(profile, new SecureBootGenerator(), new DiskEncryptionGenerator());

        Assert.Contains("pcrs: []", PatchText(plan, PatchTargets.Worker), StringComparison.Ordinal);
        Assert.Contains(plan.Accepted, a => a.RuleId == "TG-TPM-001");
        await Prove("v1.13", profile, plan, Sections);
    }

    [Fact]
    public void Recovery_passphrase_is_a_placeholder_on_ephemeral_only()
    {
        var profile = Profile("v1.13") with { DiskEncryption = new DiskEncryptionProfile(DiskEncryptionMode.TpmWithRecovery) };
        var plan = Plan(profile, new DiskEncryptionGenerator());
        var state = plan.Patches.Single(p => p.Document.Text("name") == "STATE").Document;
        var ephemeral = plan.Patches.Single(p => p.Document.Text("name") == "EPHEMERAL").Document;

        Assert.DoesNotContain("static", Talguard.Model.Talos.Patching.ConfigYamlWriter.Write([state]), StringComparison.Ordinal);
        var ephemeralText = Talguard.Model.Talos.Patching.ConfigYamlWriter.Write([ephemeral]);
        Assert.Contains("\"${TALGUARD_LUKS_RECOVERY}\"", ephemeralText, StringComparison.Ordinal);
        Assert.Contains("slot: 1", ephemeralText, StringComparison.Ordinal);
        Assert.Equal("TALGUARD_LUKS_RECOVERY", Assert.Single(plan.Placeholders).Name);
        Assert.Equal(["TG-DISK-007", "TG-DISK-006"], plan.Accepted.Select(a => a.RuleId));
    }

    [Fact]
    public void Kms_keys_name_the_profile_endpoint_and_add_its_caveat()
    {
        var profile = Profile("v1.12") with { DiskEncryption = new DiskEncryptionProfile(DiskEncryptionMode.Kms, "https://kms.example.internal") };
        var plan = Plan(profile, new DiskEncryptionGenerator());

        Assert.Equal(2, Count(PatchText(plan, PatchTargets.All), "https://kms.example.internal\""));
        Assert.Contains(plan.Notes, n => n.Markdown.Contains("cannot come from the machine config", StringComparison.Ordinal));
    }

    [Fact]
    public void Node_id_mode_accepts_the_node_id_finding_with_why()
    {
        var profile = Profile("v1.12") with { DiskEncryption = new DiskEncryptionProfile(DiskEncryptionMode.NodeId) };
        var plan = Plan(profile, new DiskEncryptionGenerator());

        Assert.Equal(2, Count(PatchText(plan, PatchTargets.All), "nodeID: {}"));
        Assert.Contains("machine UUID", Assert.Single(plan.Accepted, a => a.RuleId == "TG-DISK-004").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_wipe_note_is_for_existing_clusters_and_names_the_exact_reset_flags()
    {
        var note = Assert.Single(Plan(Profile("v1.13"), new DiskEncryptionGenerator()).Notes, n => n.ExistingClusterOnly);

        Assert.Contains("talosctl reset -n NODE --system-labels-to-wipe EPHEMERAL --reboot", note.Markdown, StringComparison.Ordinal);
        Assert.Contains("--system-labels-to-wipe STATE --system-labels-to-wipe EPHEMERAL", note.Markdown, StringComparison.Ordinal);
        Assert.Contains("apply-config --insecure", note.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_profile_same_plan()
    {
        var profile = Profile("v1.14") with { DiskEncryption = new DiskEncryptionProfile(DiskEncryptionMode.TpmWithRecovery) };

        Assert.Equal(PatchText(Plan(profile, new DiskEncryptionGenerator()), PatchTargets.All), PatchText(Plan(profile, new DiskEncryptionGenerator()), PatchTargets.All));
    }

    private static DiskEncryptionMode ModeOf(string mode) => mode switch
    {
        "tpm" => DiskEncryptionMode.Tpm,
        "tpm+recovery" => DiskEncryptionMode.TpmWithRecovery,
        "kms" => DiskEncryptionMode.Kms,
        _ => DiskEncryptionMode.NodeId,
    };

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
