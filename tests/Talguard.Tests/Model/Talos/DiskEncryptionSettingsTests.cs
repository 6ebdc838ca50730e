using Talguard.Hardening.DiskEncryption;
using Talguard.Model;
using Talguard.Model.Talos;
using Talguard.Tests.Support;

namespace Talguard.Tests.Model.Talos;

public sealed class DiskEncryptionSettingsTests
{
    private static TalosConfigFile File(string text) => Assert.Single(Yaml.Model(("in.yaml", text)).TalosFiles);

    [Fact]
    public void A_bare_machine_patch_gives_its_legacy_blocks_and_keys_with_their_lines()
    {
        var file = File("""
            machine:
              systemDiskEncryption:
                state:
                  provider: luks2
                  keys:
                    - slot: 0
                      static:
                        passphrase: literal
                    - slot: 1
                      tpm:
                        checkSecurebootStatusOnEnroll: true
            """);
        Assert.False(file.IsComplete);
        var settings = DiskEncryptionSettings.Of(file);
        var volume = Assert.Single(settings.Volumes);
        Assert.True(volume.IsLegacy);
        Assert.True(volume.IsSystemVolume(EncryptedVolume.State));
        Assert.Equal(2, settings.LegacyField!.KeyNode!.Start.Line);
        Assert.Equal([EncryptionKeyType.Static, EncryptionKeyType.Tpm], volume.Keys.Select(k => k.Type));
        Assert.Equal(8, volume.Keys[0].StaticPassphrase!.Start.Line);
        Assert.Equal("true", Assert.Single(settings.TpmKeys).Key.TpmCheckSecureBootOnEnroll!.Value);
        Assert.Same(settings, DiskEncryptionSettings.Of(file));
    }

    [Fact]
    public void Volume_documents_give_encryption_tpm_options_and_lock_to_state_from_their_own_document()
    {
        var file = File("""
            version: v1alpha1
            machine:
              type: worker
            ---
            apiVersion: v1alpha1
            kind: VolumeConfig
            name: EPHEMERAL
            encryption:
              provider: luks2
              keys:
                - slot: 0
                  tpm:
                    options:
                      pcrs: []
                  lockToState: true
                - slot: 1
                  kms:
                    endpoint: grpc://kms:4050
            ---
            apiVersion: v1alpha1
            kind: VolumeConfig
            name: STATE
            provisioning:
              maxSize: 2GiB
            """);
        var settings = DiskEncryptionSettings.Of(file);
        var volume = Assert.Single(settings.Volumes);
        Assert.Equal(1, volume.Document.Index);
        Assert.True(settings.Encrypts(EncryptedVolume.Ephemeral));
        Assert.False(settings.Encrypts(EncryptedVolume.State));
        Assert.Equal(2, Assert.Single(settings.VolumeConfigs(EncryptedVolume.State)).Index);
        Assert.Equal(14, volume.Keys[0].TpmPcrs!.Start.Line);
        Assert.Equal("true", volume.Keys[0].LockToState!.Value);
        Assert.Equal("grpc://kms:4050", volume.Keys[1].KmsEndpoint!.Value);
        Assert.Null(volume.Keys[1].Tpm);
    }

    [Fact]
    public void A_literal_passphrase_fires_the_same_in_a_config_a_bare_patch_and_a_volume_patch()
    {
        const string keys = """
            keys:
              - slot: 0
                static:
                  passphrase: literal-passphrase
            """;
        var config = "version: v1alpha1\nmachine:\n  type: worker\n  systemDiskEncryption:\n    state:\n      provider: luks2\n" + Indent(keys, 6);
        var patch = "machine:\n  systemDiskEncryption:\n    state:\n      provider: luks2\n" + Indent(keys, 6);
        var volume = "apiVersion: v1alpha1\nkind: VolumeConfig\nname: STATE\nencryption:\n  provider: luks2\n" + Indent(keys, 2);
        Assert.Equal("machine.systemDiskEncryption.state.keys[0].static.passphrase", Assert.Single(Yaml.Check(new LiteralPassphraseRule(), ("c.yaml", config))).Location.Path);
        Assert.Equal("machine.systemDiskEncryption.state.keys[0].static.passphrase", Assert.Single(Yaml.Check(new LiteralPassphraseRule(), ("p.yaml", patch))).Location.Path);
        Assert.Equal("encryption.keys[0].static.passphrase", Assert.Single(Yaml.Check(new LiteralPassphraseRule(), ("v.yaml", volume))).Location.Path);
    }

    [Fact]
    public void Absence_rules_leave_a_lone_patch_unjudged()
    {
        const string patch = "machine:\n  install:\n    disk: /dev/sda\n";
        Assert.Empty(Yaml.Check(new StateEncryptionRule(), ("p.yaml", patch)));
        Assert.Empty(Yaml.Check(new EphemeralEncryptionRule(), ("p.yaml", patch)));
    }

    private static string Indent(string text, int spaces) => string.Concat(text.Split('\n').Select(line => new string(' ', spaces) + line + "\n"));
}
