using Talguard.Findings;
using Talguard.Hardening.DiskEncryption;
using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.DiskEncryption;

public class KeyRulesTests
{
    private static string Volume(string kind, string name, string keys) => $"""
        apiVersion: v1alpha1
        kind: {kind}
        name: {name}
        encryption:
          provider: luks2
          keys:
        {keys}
        """;

    private const string StaticKeys = """
            - slot: 0
              static:
                passphrase: "${LUKS_KEY}"
            - slot: 1
              static:
                passphrase: "${LUKS_RECOVERY}"
        """;

    [Fact]
    public void Disk003_fires_when_every_key_is_static_and_names_meta_for_state()
    {
        var finding = FindingAssert.Single(Yaml.Check(new OnlyStaticKeysRule(), ("patch.yaml", Volume("VolumeConfig", "STATE", StaticKeys))), "encryption.keys", 7, Severity.Medium);
        Assert.Contains("META", finding.Message, StringComparison.Ordinal);
        FindingAssert.Single(Yaml.Check(new OnlyStaticKeysRule(), ("patch.yaml", Volume("UserVolumeConfig", "data", StaticKeys))), "encryption.keys", 7, Severity.Medium);
    }

    [Fact]
    public void Disk003_does_not_fire_with_a_strong_key_beside_the_static_one()
    {
        const string keys = """
                - slot: 0
                  tpm: {}
                - slot: 1
                  static:
                    passphrase: "${LUKS_RECOVERY}"
            """;
        Assert.Empty(Yaml.Check(new OnlyStaticKeysRule(), ("patch.yaml", Volume("VolumeConfig", "STATE", keys))));
        Assert.Empty(Yaml.Check(new NoRecoveryKeyRule(), ("patch.yaml", Volume("VolumeConfig", "STATE", keys))));
    }

    [Fact]
    public void Disk004_fires_when_every_key_is_node_id_in_legacy_config()
    {
        const string config = """
            version: v1alpha1
            machine:
              type: worker
              systemDiskEncryption:
                ephemeral:
                  provider: luks2
                  keys:
                    - slot: 0
                      nodeID: {}
            """;
        FindingAssert.Single(Yaml.Check(new OnlyNodeIdKeysRule(), ("w.yaml", config)), "machine.systemDiskEncryption.ephemeral.keys", 8, Severity.Medium);
        Assert.Empty(Yaml.Check(new OnlyStaticKeysRule(), ("w.yaml", config)));
        Assert.Empty(Yaml.Check(new LockToStateRule(), ("w.yaml", config)));
    }

    [Theory]
    [InlineData("grpc://kms.example.com:4050", true)]
    [InlineData("kms.example.com:4050", true)]
    [InlineData("http://kms.example.com", true)]
    [InlineData("https://kms.example.com:8200", false)]
    [InlineData("HTTPS://kms.example.com", false)]
    public void Disk005_fires_for_non_https_kms_endpoints(string endpoint, bool fires)
    {
        var keys = $"""
                - slot: 0
                  kms:
                    endpoint: {endpoint}
            """;
        var findings = Yaml.Check(new PlaintextKmsEndpointRule(), ("patch.yaml", Volume("VolumeConfig", "STATE", keys)));
        if (fires)
        {
            FindingAssert.Single(findings, "encryption.keys[0].kms.endpoint", 9, Severity.Medium);
        }
        else
        {
            Assert.Empty(findings);
        }
    }

    [Fact]
    public void Disk006_fires_per_key_of_ephemeral_and_user_volumes_without_lock_to_state()
    {
        const string keys = """
                - slot: 0
                  tpm: {}
                - slot: 1
                  kms:
                    endpoint: https://kms.example.com
                  lockToState: true
            """;
        FindingAssert.Single(Yaml.Check(new LockToStateRule(), ("p.yaml", Volume("VolumeConfig", "EPHEMERAL", keys))), "encryption.keys[0]", 7, Severity.Low);
        FindingAssert.Single(Yaml.Check(new LockToStateRule(), ("p.yaml", Volume("UserVolumeConfig", "data", keys))), "encryption.keys[0]", 7, Severity.Low);
        Assert.Empty(Yaml.Check(new LockToStateRule(), ("p.yaml", Volume("VolumeConfig", "STATE", keys))));
        Assert.Empty(Yaml.Check(new LockToStateRule(), ("p.yaml", Volume("RawVolumeConfig", "raw", keys))));
    }

    [Fact]
    public void Disk006_needs_target_v1_11()
    {
        const string keys = """
                - slot: 0
                  tpm: {}
            """;
        var options = new ScanOptions { Targets = new TargetOverrides(new TalosVersion(1, 10)) };
        Assert.Empty(Yaml.Check(new LockToStateRule(), options, ("p.yaml", Volume("VolumeConfig", "EPHEMERAL", keys))));
    }

    [Theory]
    [InlineData("tpm: {}")]
    [InlineData("kms: {endpoint: https://kms.example.com}")]
    public void Disk007_fires_for_a_single_tpm_or_kms_key(string key)
    {
        var keys = $"""
                - slot: 0
                  {key}
            """;
        FindingAssert.Single(Yaml.Check(new NoRecoveryKeyRule(), ("p.yaml", Volume("VolumeConfig", "STATE", keys))), "encryption.keys", 7, Severity.Low);
    }

    [Fact]
    public void Disk007_does_not_fire_for_a_single_static_key()
    {
        const string keys = """
                - slot: 0
                  static: {passphrase: "${K}"}
            """;
        Assert.Empty(Yaml.Check(new NoRecoveryKeyRule(), ("p.yaml", Volume("VolumeConfig", "STATE", keys))));
    }

    [Fact]
    public void Disk008_names_the_path_of_a_literal_passphrase_never_its_value()
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
                      static:
                        passphrase: correct-horse-battery
            ---
            apiVersion: v1alpha1
            kind: UserVolumeConfig
            name: data
            encryption:
              provider: luks2
              keys:
                - slot: 0
                  static:
                    passphrase: "${DATA_KEY}"
                - slot: 1
                  static:
                    passphrase: 'prefix-${DATA_KEY}'
            """;
        var findings = Yaml.Check(new LiteralPassphraseRule(), ("cp.yaml", config));
        Assert.Equal(2, findings.Count);
        FindingAssert.At(findings[0], "machine.systemDiskEncryption.state.keys[0].static.passphrase", 10, Severity.Critical);
        FindingAssert.At(findings[1], "encryption.keys[1].static.passphrase", 23, Severity.Critical, document: 1);
        Assert.All(findings, f => Assert.DoesNotContain("horse", f.Message + f.Patch + f.Rule.Remediation, StringComparison.Ordinal));
        Assert.All(findings, f => Assert.DoesNotContain("prefix-", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_keys_are_left_to_the_config_rules()
    {
        const string keys = """
                - slot: 0
                  nodeID: {}
                - slot: 1
            """;
        Assert.Empty(Yaml.Check(new OnlyNodeIdKeysRule(), ("p.yaml", Volume("VolumeConfig", "STATE", keys))));
    }
}
