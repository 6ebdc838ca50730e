using Talguard.Findings;
using Talguard.Hardening.DiskEncryption;
using Talguard.Model;
using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.DiskEncryption;

public class SystemVolumeEncryptionTests
{
    private const string Bare = """
        version: v1alpha1
        machine:
          type: worker
          install:
            image: factory.talos.dev/installer-secureboot/abc:v1.13.4
        """;

    [Fact]
    public void Disk001_and_002_fire_at_document_0_when_nothing_encrypts_the_system_volumes()
    {
        var state = FindingAssert.Single(Yaml.Check(new StateEncryptionRule(), ("w.yaml", Bare)), string.Empty, 1, Severity.High);
        var ephemeral = FindingAssert.Single(Yaml.Check(new EphemeralEncryptionRule(), ("w.yaml", Bare)), string.Empty, 1, Severity.High);
        Assert.Contains("VolumeConfig document for STATE", state.Message, StringComparison.Ordinal);
        Assert.Contains("VolumeConfig document for EPHEMERAL", ephemeral.Message, StringComparison.Ordinal);
        FindingAssert.PatchFixes(new StateEncryptionRule(), state, Bare);
        FindingAssert.PatchFixes(new EphemeralEncryptionRule(), ephemeral, Bare);
    }

    [Fact]
    public void Patches_are_valid_volumeconfigs_that_pass_the_key_rules_at_medium_and_above()
    {
        var patch = Assert.Single(Yaml.Check(new EphemeralEncryptionRule(), ("w.yaml", Bare))).Patch!;
        var file = Yaml.File("patch.yaml", patch);
        var document = Assert.Single(file.Documents);
        Assert.Equal("VolumeConfig", document.Kind);
        Assert.Equal("true", document.At("encryption", "keys")!.Items[0].At("tpm", "checkSecurebootStatusOnEnroll")!.Value);
        Assert.Equal("true", document.At("encryption", "keys")!.Items[0]["lockToState"]!.Value);
        foreach (var rule in new Rule[] { new OnlyStaticKeysRule(), new OnlyNodeIdKeysRule(), new PlaintextKmsEndpointRule(), new LockToStateRule(), new LiteralPassphraseRule() })
        {
            Assert.Empty(Yaml.Check(rule, ("patch.yaml", patch)));
        }
    }

    [Fact]
    public void Disk001_points_at_an_existing_state_volumeconfig_without_encryption()
    {
        const string config = """
            version: v1alpha1
            machine:
              type: controlplane
            ---
            apiVersion: v1alpha1
            kind: VolumeConfig
            name: STATE
            provisioning:
              minSize: 1GiB
            """;
        var finding = FindingAssert.Single(Yaml.Check(new StateEncryptionRule(), ("cp.yaml", config)), string.Empty, 4, Severity.High, document: 1);
        FindingAssert.PatchFixes(new StateEncryptionRule(), finding, config);
    }

    [Fact]
    public void Legacy_field_and_volumeconfig_each_count_as_encrypted()
    {
        const string config = """
            version: v1alpha1
            machine:
              type: controlplane
              systemDiskEncryption:
                state:
                  provider: luks2
                  keys:
                    - slot: 0
                      nodeID: {}
            ---
            apiVersion: v1alpha1
            kind: VolumeConfig
            name: EPHEMERAL
            encryption:
              provider: luks2
              keys:
                - slot: 0
                  tpm: {}
            """;
        Assert.Empty(Yaml.Check(new StateEncryptionRule(), ("cp.yaml", config)));
        Assert.Empty(Yaml.Check(new EphemeralEncryptionRule(), ("cp.yaml", config)));
    }

    [Fact]
    public void A_user_volume_named_state_does_not_encrypt_state()
    {
        const string config = """
            version: v1alpha1
            machine:
              type: controlplane
            ---
            apiVersion: v1alpha1
            kind: UserVolumeConfig
            name: STATE
            encryption:
              provider: luks2
              keys:
                - slot: 0
                  tpm: {}
            """;
        FindingAssert.Single(Yaml.Check(new StateEncryptionRule(), ("cp.yaml", config)), string.Empty, 1, Severity.High);
    }

    [Fact]
    public void Patch_files_are_not_judged_for_missing_volumes()
    {
        const string patch = """
            apiVersion: v1alpha1
            kind: NetworkDefaultActionConfig
            ingress: block
            """;
        Assert.Empty(Yaml.Check(new StateEncryptionRule(), ("patch.yaml", patch)));
    }

    /// <summary>
    /// Rules judge only the releases their descriptor names (v1.11 and later unless a rule says otherwise), so a v1.10
    /// target gets no finding; the patch builder still writes the legacy field for it.
    /// </summary>
    [Fact]
    public void Before_v1_11_the_patch_uses_the_legacy_field()
    {
        var options = new ScanOptions { Targets = new TargetOverrides(new TalosVersion(1, 10)) };
        Assert.Empty(Yaml.Check(new StateEncryptionRule(), options, ("w.yaml", Bare)));
        var patch = DiskEncryptionPatches.SystemVolume(EncryptedVolume.State, new TalosVersion(1, 10));
        Assert.StartsWith("machine:\n  systemDiskEncryption:\n    state:\n", patch.ToYaml(), StringComparison.Ordinal);
        var patched = TalosPatchApplier.Merge(Yaml.File("w.yaml", Bare), patch);
        Assert.True(DiskEncryptionSettings.Of(Assert.Single(Yaml.Model(("patched.yaml", patched)).TalosFiles)).Encrypts(EncryptedVolume.State));
    }
}
