using Talguard.Hardening.Config;
using Talguard.Model;

namespace Talguard.Tests.Hardening.Config;

public sealed class DeprecatedFieldRuleTests
{
    private const string Config = """
        version: v1alpha1
        machine:
          features:
            rbac: true
            apidCheckExtKeyUsage: true
          network:
            hostname: node-1
          install:
            extraKernelArgs: [enforcing=1]
          systemDiskEncryption:
            state:
              provider: luks2
              cipher: aes-xts-plain64
              keys:
                - slot: 0
                  static:
                    passphrase: hunter2
                - slot: 1
                  tpm: {}
        """;

    private readonly DeprecatedFieldRule _rule = new();

    [Fact]
    public void Every_deprecated_field_fires_at_v1_12_and_later()
    {
        var findings = ConfigRuleTestSupport.Run(_rule, Config, talos: new TalosVersion(1, 12));
        Assert.Equal(
            ["machine.features.rbac", "machine.features.apidCheckExtKeyUsage", "machine.network", "machine.install.extraKernelArgs", "machine.systemDiskEncryption"],
            findings.OrderBy(f => f.Location.Line).Select(f => f.Location.Path));
    }

    [Fact]
    public void Only_system_disk_encryption_is_deprecated_at_v1_11()
    {
        var finding = Assert.Single(ConfigRuleTestSupport.Run(_rule, Config, talos: new TalosVersion(1, 11)));
        Assert.Equal("machine.systemDiskEncryption", finding.Location.Path);
        Assert.Equal(10, finding.Location.Line);
    }

    [Fact]
    public void Migration_patch_moves_keys_to_a_volume_config_without_copying_the_passphrase()
    {
        var finding = ConfigRuleTestSupport.Run(_rule, Config).Single(f => f.Location.Path == "machine.systemDiskEncryption");
        Assert.NotNull(finding.Patch);
        Assert.Contains("kind: VolumeConfig\nname: STATE\nencryption:\n  provider: luks2\n  cipher: aes-xts-plain64\n", finding.Patch, StringComparison.Ordinal);
        Assert.Contains("passphrase: \"${STATE_PASSPHRASE}\"", finding.Patch, StringComparison.Ordinal);
        Assert.Contains("systemDiskEncryption:\n    $patch: delete", finding.Patch, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", finding.Patch, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Locked_features_get_a_delete_patch()
    {
        var finding = ConfigRuleTestSupport.Run(_rule, Config).Single(f => f.Location.Path == "machine.features.rbac");
        Assert.Equal("machine:\n  features:\n    rbac:\n      $patch: delete\n", finding.Patch);
    }

    [Fact]
    public void Empty_network_written_by_gen_config_is_not_reported()
    {
        Assert.Empty(ConfigRuleTestSupport.Run(_rule, "version: v1alpha1\nmachine:\n  network: {}\n"));
    }
}
