using Talguard.Hardening.Config;

namespace Talguard.Tests.Hardening.Config;

public sealed class RejectedValueRuleTests
{
    private readonly RejectedValueRule _rule = new();

    [Theory]
    [InlineData("VolumeConfig")]
    [InlineData("UserVolumeConfig")]
    [InlineData("RawVolumeConfig")]
    [InlineData("SwapVolumeConfig")]
    public void Bad_encryption_values_fire_in_every_volume_kind(string kind)
    {
        var document = $"""
            apiVersion: v1alpha1
            kind: {kind}
            name: data
            encryption:
              provider: luks1
              cipher: aes-cbc-essiv
              options: [no_read_workqueue, discard]
              keys:
                - slot: 0
                  tpm: {"{}"}
                - slot: 0
                  nodeID: {"{}"}
                  static:
                    passphrase: x
                - slot: 2
            """;
        var findings = ConfigRuleTestSupport.Run(_rule, document);
        Assert.Equal(
            ["encryption.provider", "encryption.cipher", "encryption.options[1]", "encryption.keys[1]", "encryption.keys[1].slot", "encryption.keys[2]"],
            findings.Paths());
        Assert.Equal($"apiVersion: v1alpha1\nkind: {kind}\nname: data\nencryption:\n  provider: luks2\n", findings[0].Patch);
        Assert.Equal($"apiVersion: v1alpha1\nkind: {kind}\nname: data\nencryption:\n  cipher: aes-xts-plain64\n", findings[1].Patch);
    }

    [Fact]
    public void Missing_provider_and_keys_fire_for_volume_configs_of_a_node_config()
    {
        const string volume = "apiVersion: v1alpha1\nkind: VolumeConfig\nname: EPHEMERAL\nencryption:\n  cipher: aes-xts-plain64\n";
        var findings = ConfigRuleTestSupport.Run(_rule, "version: v1alpha1\nmachine:\n  type: worker\n---\n" + volume);
        Assert.Equal(["encryption.keys", "encryption.provider"], findings.Paths());
        Assert.All(findings, f => Assert.Equal(1, f.Location.Document));

        // A patch file is merged onto the node's VolumeConfig, which may hold the provider and keys.
        Assert.Empty(ConfigRuleTestSupport.Run(_rule, volume));
    }

    [Fact]
    public void Legacy_encryption_reads_an_empty_provider_as_luks2()
    {
        const string config = """
            version: v1alpha1
            machine:
              systemDiskEncryption:
                ephemeral:
                  provider: ""
                  keys:
                    - slot: 0
                      nodeID: {}
                state:
                  provider: luks3
                  keys: []
            """;
        var findings = ConfigRuleTestSupport.Run(_rule, config);
        Assert.Equal(["machine.systemDiskEncryption.state.provider", "machine.systemDiskEncryption.state.keys"], findings.Paths());
        Assert.Equal("machine:\n  systemDiskEncryption:\n    state:\n      provider: luks2\n", findings[0].Patch);
    }

    [Fact]
    public void Machine_file_ops_must_be_create_append_or_overwrite()
    {
        const string config = """
            version: v1alpha1
            machine:
              files:
                - path: /var/a
                  content: x
                - path: /var/b
                  op: replace
                  content: x
                - path: /var/c
                  op: append
                  content: x
            """;
        var findings = ConfigRuleTestSupport.Run(_rule, config);
        Assert.Equal(["machine.files[0].op", "machine.files[1].op"], findings.Paths());
    }

    [Fact]
    public void Valid_encryption_does_not_fire()
    {
        Assert.Empty(ConfigRuleTestSupport.Run(_rule, """
            apiVersion: v1alpha1
            kind: VolumeConfig
            name: STATE
            encryption:
              provider: luks2
              cipher: xchacha12,aes-adiantum-plain64
              keySize: 256
              blockSize: 4096
              options: [no_read_workqueue, no_write_workqueue, same_cpu_crypt]
              keys:
                - slot: 0
                  tpm:
                    checkSecurebootStatusOnEnroll: true
                - slot: 1
                  kms:
                    endpoint: https://kms.local:443
            """));
    }
}
