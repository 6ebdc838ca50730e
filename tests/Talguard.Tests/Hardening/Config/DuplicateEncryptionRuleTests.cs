using Talguard.Hardening.Config;

namespace Talguard.Tests.Hardening.Config;

public sealed class DuplicateEncryptionRuleTests
{
    private const string Legacy = "version: v1alpha1\nmachine:\n  systemDiskEncryption:\n    state:\n      provider: luks2\n      keys:\n        - slot: 0\n          nodeID: {}\n";

    private readonly DuplicateEncryptionRule _rule = new();

    [Fact]
    public void Same_volume_in_both_places_fires_at_the_volume_config_encryption()
    {
        var finding = Assert.Single(ConfigRuleTestSupport.Run(_rule,
            Legacy + "---\napiVersion: v1alpha1\nkind: VolumeConfig\nname: STATE\nencryption:\n  provider: luks2\n  keys:\n    - slot: 0\n      tpm: {}\n"));
        Assert.Equal("encryption", finding.Location.Path);
        Assert.Equal(1, finding.Location.Document);
        Assert.Equal("VolumeConfig", finding.Location.Kind);
        Assert.Equal("machine:\n  systemDiskEncryption:\n    state:\n      $patch: delete\n", finding.Patch);
    }

    [Fact]
    public void Different_volumes_or_no_encryption_do_not_fire()
    {
        Assert.Empty(ConfigRuleTestSupport.Run(_rule,
            Legacy + "---\napiVersion: v1alpha1\nkind: VolumeConfig\nname: EPHEMERAL\nencryption:\n  provider: luks2\n  keys:\n    - slot: 0\n      tpm: {}\n"));
        Assert.Empty(ConfigRuleTestSupport.Run(_rule,
            Legacy + "---\napiVersion: v1alpha1\nkind: VolumeConfig\nname: STATE\nprovisioning:\n  maxSize: 2GiB\n"));
    }
}
