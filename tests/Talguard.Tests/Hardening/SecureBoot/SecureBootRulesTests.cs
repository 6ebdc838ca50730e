using Talguard.Findings;
using Talguard.Hardening.SecureBoot;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.SecureBoot;

public class SecureBootRulesTests
{
    private static string Config(string image) => $"""
        version: v1alpha1
        machine:
          type: controlplane
          install:
            disk: /dev/sda
            image: {image}
        cluster:
          clusterName: demo
        """;

    [Theory]
    [InlineData("ghcr.io/siderolabs/installer:v1.13.4")]
    [InlineData("ghcr.io/siderolabs/installer:v1.6.0-secureboot")]
    [InlineData("factory.talos.dev/installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.4")]
    [InlineData("factory.talos.dev/installer-secureboot-not/abc:v1.13.4")]
    public void Boot001_fires_on_images_without_a_secureboot_installer_segment(string image)
    {
        var config = Config(image);
        var finding = FindingAssert.Single(Yaml.Check(new SecureBootInstallImageRule(), ("cp.yaml", config)), "machine.install.image", 6, Severity.High);
        Assert.Equal(12, finding.Location.Column);
        FindingAssert.PatchFixes(new SecureBootInstallImageRule(), finding, config);
    }

    [Theory]
    [InlineData("factory.talos.dev/installer-secureboot/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.4")]
    [InlineData("factory.talos.dev/metal-installer-secureboot/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.4")]
    [InlineData("factory.talos.dev/nocloud-installer-secureboot/abc@sha256:0123")]
    [InlineData("registry.local:5000/installer-secureboot:v1.12.1")]
    public void Boot001_accepts_secureboot_installers(string image) =>
        Assert.Empty(Yaml.Check(new SecureBootInstallImageRule(), ("cp.yaml", Config(image))));

    [Fact]
    public void Boot001_accepts_a_declared_custom_prefix()
    {
        var options = new ScanOptions { SecureBootImagePrefixes = ["registry.example.com/talos/installer-sb"] };
        Assert.Empty(Yaml.Check(new SecureBootInstallImageRule(), options, ("cp.yaml", Config("registry.example.com/talos/installer-sb:v1.13.4"))));
        Assert.Single(Yaml.Check(new SecureBootInstallImageRule(), ("cp.yaml", Config("registry.example.com/talos/installer-sb:v1.13.4"))));
    }

    [Fact]
    public void Boot001_is_info_without_an_install_image()
    {
        const string config = """
            version: v1alpha1
            machine:
              type: worker
              install:
                disk: /dev/sda
            """;
        var finding = FindingAssert.Single(Yaml.Check(new SecureBootInstallImageRule(), ("w.yaml", config)), "machine.install.image", 4, Severity.Info);
        Assert.Null(finding.Patch);
    }

    [Fact]
    public void Boot001_patch_keeps_platform_schematic_and_version()
    {
        const string schematic = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        var finding = Assert.Single(Yaml.Check(new SecureBootInstallImageRule(), ("cp.yaml", Config($"factory.talos.dev/metal-installer/{schematic}:v1.12.3"))));
        Assert.Contains($"image: \"factory.talos.dev/metal-installer-secureboot/{schematic}:v1.12.3\"", finding.Patch, StringComparison.Ordinal);
    }

    [Fact]
    public void Boot001_and_002_read_the_v1_14_unattended_install_document()
    {
        const string config = """
            version: v1alpha1
            machine:
              type: worker
            ---
            apiVersion: v1alpha1
            kind: UnattendedInstall
            installer:
              image: factory.talos.dev/installer/abc
            """;
        var finding = FindingAssert.Single(Yaml.Check(new SecureBootInstallImageRule(), ("w.yaml", config)), "installer.image", 8, Severity.High, document: 1);
        Assert.StartsWith("apiVersion: v1alpha1\nkind: UnattendedInstall\n", finding.Patch, StringComparison.Ordinal);
        FindingAssert.PatchFixes(new SecureBootInstallImageRule(), finding, config);
        FindingAssert.Single(Yaml.Check(new InstallImagePinnedRule(), ("w.yaml", config)), "installer.image", 8, Severity.Medium, document: 1);
    }

    [Fact]
    public void Boot001_ignores_patches_and_manifests()
    {
        const string patch = """
            apiVersion: v1alpha1
            kind: VolumeConfig
            name: STATE
            """;
        Assert.Empty(Yaml.Check(new SecureBootInstallImageRule(), ("patch.yaml", patch)));
    }

    [Theory]
    [InlineData("ghcr.io/siderolabs/installer")]
    [InlineData("factory.talos.dev/installer-secureboot/abc:latest")]
    [InlineData("factory.talos.dev/installer-secureboot/abc:main")]
    public void Boot002_fires_without_a_version(string image)
    {
        var finding = FindingAssert.Single(Yaml.Check(new InstallImagePinnedRule(), ("cp.yaml", Config(image))), "machine.install.image", 6, Severity.Medium);
        Assert.Null(finding.Patch);
    }

    [Theory]
    [InlineData("ghcr.io/siderolabs/installer:v1.13.4")]
    [InlineData("ghcr.io/siderolabs/installer@sha256:abcdef")]
    [InlineData("registry.local:5000/installer-secureboot:v1.12.1")]
    public void Boot002_accepts_tags_and_digests(string image) =>
        Assert.Empty(Yaml.Check(new InstallImagePinnedRule(), ("cp.yaml", Config(image))));

    [Fact]
    public void Boot003_fires_for_tpm_keys_without_the_enroll_check_in_volumeconfig_and_legacy()
    {
        const string config = """
            version: v1alpha1
            machine:
              type: controlplane
              systemDiskEncryption:
                ephemeral:
                  provider: luks2
                  keys:
                    - slot: 0
                      tpm: {}
            ---
            apiVersion: v1alpha1
            kind: VolumeConfig
            name: STATE
            encryption:
              provider: luks2
              keys:
                - slot: 0
                  tpm:
                    checkSecurebootStatusOnEnroll: false
                - slot: 1
                  tpm:
                    checkSecurebootStatusOnEnroll: true
            """;
        var findings = Yaml.Check(new TpmEnrollSecureBootCheckRule(), ("cp.yaml", config));
        Assert.Equal(2, findings.Count);
        FindingAssert.At(findings[0], "machine.systemDiskEncryption.ephemeral.keys[0].tpm", 9, Severity.Low);
        FindingAssert.At(findings[1], "encryption.keys[0].tpm", 18, Severity.Low, document: 1);
    }

    [Fact]
    public void Boot003_runs_on_patch_files_and_user_volumes()
    {
        const string patch = """
            apiVersion: v1alpha1
            kind: UserVolumeConfig
            name: data
            encryption:
              provider: luks2
              keys:
                - slot: 0
                  tpm: {}
            """;
        FindingAssert.Single(Yaml.Check(new TpmEnrollSecureBootCheckRule(), ("patch.yaml", patch)), "encryption.keys[0].tpm", 8, Severity.Low);
    }
}
