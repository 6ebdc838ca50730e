using Talguard.Findings;
using Talguard.Hardening.Tpm;
using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.Tpm;

public class TpmRulesTests
{
    private static string NodeConfig(string image, string tpm) => $"""
        version: v1alpha1
        machine:
          type: controlplane
          install:
            image: {image}
        ---
        apiVersion: v1alpha1
        kind: VolumeConfig
        name: STATE
        encryption:
          provider: luks2
          keys:
            - slot: 0
              tpm:
                {tpm}
        """;

    private const string SecureBootImage = "factory.talos.dev/installer-secureboot/abc:v1.13.4";
    private const string PlainImage = "ghcr.io/siderolabs/installer:v1.13.4";

    [Fact]
    public void Tpm001_fires_on_an_empty_pcr_list()
    {
        var config = NodeConfig(SecureBootImage, "options: {pcrs: []}");
        FindingAssert.Single(Yaml.Check(new EmptyPcrListRule(), ("cp.yaml", config)), "encryption.keys[0].tpm.options.pcrs", 15, Severity.Medium, document: 1);
    }

    [Theory]
    [InlineData("options: {pcrs: [7]}")]
    [InlineData("options: {pcrs: }")]
    [InlineData("checkSecurebootStatusOnEnroll: true")]
    public void Tpm001_accepts_bound_or_default_pcrs(string tpm) =>
        Assert.Empty(Yaml.Check(new EmptyPcrListRule(), ("cp.yaml", NodeConfig(SecureBootImage, tpm))));

    [Fact]
    public void Tpm002_fires_only_when_boot001_fires_high_for_the_same_node()
    {
        var insecure = NodeConfig(PlainImage, "checkSecurebootStatusOnEnroll: true");
        FindingAssert.Single(Yaml.Check(new TpmWithoutSecureBootRule(), ("cp.yaml", insecure)), "encryption.keys[0].tpm", 15, Severity.Medium, document: 1);
        Assert.Empty(Yaml.Check(new TpmWithoutSecureBootRule(), ("cp.yaml", NodeConfig(SecureBootImage, "checkSecurebootStatusOnEnroll: true"))));

        var options = new ScanOptions { SecureBootImagePrefixes = ["ghcr.io/siderolabs/installer"] };
        Assert.Empty(Yaml.Check(new TpmWithoutSecureBootRule(), options, ("cp.yaml", insecure)));
    }

    [Fact]
    public void Tpm002_does_not_fire_without_an_install_image_or_on_patches()
    {
        const string preinstalled = """
            version: v1alpha1
            machine:
              type: worker
              systemDiskEncryption:
                state:
                  provider: luks2
                  keys:
                    - slot: 0
                      tpm: {}
            """;
        Assert.Empty(Yaml.Check(new TpmWithoutSecureBootRule(), ("w.yaml", preinstalled)));
        const string patch = """
            apiVersion: v1alpha1
            kind: VolumeConfig
            name: STATE
            encryption:
              keys:
                - slot: 0
                  tpm: {}
            """;
        Assert.Empty(Yaml.Check(new TpmWithoutSecureBootRule(), ("patch.yaml", patch)));
    }

    [Fact]
    public void Tpm002_covers_legacy_keys()
    {
        const string config = """
            version: v1alpha1
            machine:
              type: worker
              install:
                image: ghcr.io/siderolabs/installer:v1.11.2
              systemDiskEncryption:
                ephemeral:
                  provider: luks2
                  keys:
                    - slot: 0
                      tpm: {}
            """;
        FindingAssert.Single(Yaml.Check(new TpmWithoutSecureBootRule(), ("w.yaml", config)), "machine.systemDiskEncryption.ephemeral.keys[0].tpm", 11, Severity.Medium);
    }

    [Fact]
    public void Tpm003_fires_before_v1_12_from_the_install_image_tag()
    {
        var config = NodeConfig("factory.talos.dev/installer-secureboot/abc:v1.11.5", "options: {pcrs: [7]}");
        FindingAssert.Single(Yaml.Check(new TpmOptionsVersionRule(), ("cp.yaml", config)), "encryption.keys[0].tpm.options", 15, Severity.High, document: 1);
        Assert.Empty(Yaml.Check(new TpmOptionsVersionRule(), ("cp.yaml", NodeConfig(SecureBootImage, "options: {pcrs: [7]}"))));
    }

    [Fact]
    public void Tpm003_follows_the_talos_version_override_on_patches()
    {
        const string patch = """
            apiVersion: v1alpha1
            kind: UserVolumeConfig
            name: data
            encryption:
              keys:
                - slot: 0
                  tpm:
                    options:
                      pcrs: [7, 11]
            """;
        var options = new ScanOptions { Targets = new TargetOverrides(new TalosVersion(1, 11)) };
        FindingAssert.Single(Yaml.Check(new TpmOptionsVersionRule(), options, ("patch.yaml", patch)), "encryption.keys[0].tpm.options", 9, Severity.High);
        Assert.Empty(Yaml.Check(new TpmOptionsVersionRule(), ("patch.yaml", patch)));
    }
}
