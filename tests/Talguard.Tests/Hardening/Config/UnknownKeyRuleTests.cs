using Talguard.Hardening.Config;
using Talguard.Model;

namespace Talguard.Tests.Hardening.Config;

public sealed class UnknownKeyRuleTests
{
    private readonly UnknownKeyRule _rule = new();

    [Fact]
    public void Secureboot_field_is_unknown_and_the_message_says_the_talos_way()
    {
        var finding = Assert.Single(ConfigRuleTestSupport.Run(_rule, "version: v1alpha1\nmachine:\n  type: controlplane\n  secureboot:\n    enabled: true\n"));
        Assert.Equal("machine.secureboot", finding.Location.Path);
        Assert.Equal(4, finding.Location.Line);
        Assert.Equal(3, finding.Location.Column);
        Assert.Equal(0, finding.Location.Document);
        Assert.Contains("installer-secureboot", finding.Message, StringComparison.Ordinal);
        Assert.Contains("talosctl get securitystate", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_release_without_secure_boot_images_gets_no_secure_boot_advice()
    {
        const string config = "version: v1alpha1\nmachine:\n  type: controlplane\n  install:\n    image: ghcr.io/talos-systems/installer:v0.14.3\n  secureboot:\n    enabled: true\n";
        var finding = Assert.Single(ConfigRuleTestSupport.Run(_rule, config));
        Assert.Equal(
            "machine.secureboot is not a Talos field (Talos v0.14 rejects the whole config): Secure Boot is a property of the boot image, "
            + "and Talos has signed Secure Boot images only from v1.5; remove the key",
            finding.Message);
    }

    [Fact]
    public void Guide_encryption_mistakes_each_get_their_correction()
    {
        const string config = """
            version: v1alpha1
            machine:
              systemDiskEncryption:
                ephemeral:
                  provider: luks2
                  perf:
                    pbkdf: argon2id
                  keys:
                    - slot: 0
                      tpm:
                        pcrs: [7]
                    - slot: 1
                      kms:
                        endpoint: https://kms.local
                        token: s3cr3t
            """;
        var findings = ConfigRuleTestSupport.Run(_rule, config);
        Assert.Equal(
            ["machine.systemDiskEncryption.ephemeral.perf", "machine.systemDiskEncryption.ephemeral.keys[0].tpm.pcrs", "machine.systemDiskEncryption.ephemeral.keys[1].kms.token"],
            findings.Paths());
        Assert.Contains("PBKDF is not configurable", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("options: {pcrs", findings[1].Message, StringComparison.Ordinal);
        Assert.Contains("v1.12", findings[1].Message, StringComparison.Ordinal);
        Assert.Contains("node's UUID", findings[2].Message, StringComparison.Ordinal);
        Assert.All(findings, f => Assert.DoesNotContain("s3cr3t", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Tpm_options_before_v1_12_fire_with_the_release_that_added_them()
    {
        const string volume = "apiVersion: v1alpha1\nkind: VolumeConfig\nname: STATE\nencryption:\n  provider: luks2\n  keys:\n    - slot: 0\n      tpm:\n        options:\n          pcrs: [7]\n";
        var finding = Assert.Single(ConfigRuleTestSupport.Run(_rule, volume, talos: new TalosVersion(1, 11)));
        Assert.Equal("encryption.keys[0].tpm.options", finding.Location.Path);
        Assert.Equal("VolumeConfig", finding.Location.Kind);
        Assert.Contains("from Talos v1.12", finding.Message, StringComparison.Ordinal);
        Assert.Empty(ConfigRuleTestSupport.Run(_rule, volume, talos: new TalosVersion(1, 12)));
    }

    [Fact]
    public void Target_version_comes_from_the_install_image()
    {
        const string config = "version: v1alpha1\nmachine:\n  install:\n    image: ghcr.io/siderolabs/installer:v1.11.5\n---\napiVersion: v1alpha1\nkind: HostnameConfig\nhostname: node-1\n";
        var finding = Assert.Single(ConfigRuleTestSupport.Run(_rule, config));
        Assert.Equal("machine.install.image", finding.Location.Path);
        Assert.Equal(0, finding.Location.Document);
        Assert.Contains("names Talos v1.11, but the file uses v1.12 document kind (HostnameConfig)", finding.Message, StringComparison.Ordinal);
        Assert.Empty(ConfigRuleTestSupport.Run(_rule, config.Replace("v1.11.5", "v1.12.0", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_image_older_than_the_documents_is_one_finding_not_one_per_document()
    {
        const string config = "version: v1alpha1\nmachine:\n  install:\n    image: ghcr.io/siderolabs/installer:v1.13.4\n"
            + "---\napiVersion: v1alpha1\nkind: KubeletConfig\n---\napiVersion: v1alpha1\nkind: SysctlConfig\nparams: {}\n"
            + "---\napiVersion: v1alpha1\nkind: ResolverConfig\nhostDNS:\n  enabled: true\n---\napiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\nbogus: 1\n";
        var findings = ConfigRuleTestSupport.Run(_rule, config);

        // The one conflict at the image, and the key no release knows (still its own finding).
        Assert.Equal(["machine.install.image", "bogus"], findings.Paths());
        Assert.Equal(
            "the install image ghcr.io/siderolabs/installer:v1.13.4 names Talos v1.13, but the file uses v1.14 document kinds (KubeletConfig, SysctlConfig), "
            + "which Talos v1.13 rejects as a whole: install v1.14 or later (change the image tag), or remove what needs it; the file is judged as v1.13",
            findings[0].Message);
    }

    [Fact]
    public void With_the_talos_version_option_each_newer_document_is_its_own_finding()
    {
        const string config = "apiVersion: v1alpha1\nkind: KubeletConfig\n---\napiVersion: v1alpha1\nkind: SysctlConfig\nparams: {}\n";
        var findings = ConfigRuleTestSupport.Run(_rule, config, talos: new TalosVersion(1, 13));
        Assert.Equal([0, 1], findings.Select(f => f.Location.Document));
        Assert.All(findings, f => Assert.EndsWith("Talos v1.13 rejects the whole config (target from --talos-version)", f.Message, StringComparison.Ordinal));
        Assert.Empty(ConfigRuleTestSupport.Run(_rule, config));
    }

    [Fact]
    public void Kind_with_the_wrong_case_names_the_registered_spelling()
    {
        var finding = Assert.Single(ConfigRuleTestSupport.Run(_rule, "apiVersion: v1alpha1\nkind: KubespanEndpointsConfig\nextraAnnouncedEndpoints: [192.168.101.3:61033]\n"));
        Assert.Equal("kind", finding.Location.Path);
        Assert.Contains("KubeSpanEndpointsConfig", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Misspelled_lock_to_state_is_named()
    {
        var finding = Assert.Single(ConfigRuleTestSupport.Run(_rule,
            "apiVersion: v1alpha1\nkind: UserVolumeConfig\nname: data\nencryption:\n  provider: luks2\n  keys:\n    - slot: 0\n      lockToSTATE: true\n      nodeID: {}\n"));
        Assert.Equal("encryption.keys[0].lockToSTATE", finding.Location.Path);
        Assert.Contains("lockToState", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_configs_have_no_unknown_keys()
    {
        const string config = """
            version: v1alpha1
            debug: false
            machine:
              type: worker
              token: abc.def
              kubelet:
                image: ghcr.io/siderolabs/kubelet:v1.34.1
                extraConfig:
                  featureGates:
                    Anything: true
                  serverTLSBootstrap: true
                defaultRuntimeSeccompProfileEnabled: true
              features:
                rbac: true
                diskQuotaSupport: true
                kubePrism:
                  enabled: true
                  port: 7445
              acceptedCAs:
                - crt: LS0t
            cluster:
              acceptedCAs:
                - crt: LS0t
              apiServer:
                admissionControl:
                  - name: PodSecurity
                    configuration:
                      apiVersion: pod-security.admission.config.k8s.io/v1alpha1
                      kind: PodSecurityConfiguration
                      defaults:
                        enforce: baseline
            ---
            apiVersion: v1alpha1
            kind: NetworkDefaultActionConfig
            ingress: block
            """;
        Assert.Empty(ConfigRuleTestSupport.Run(_rule, config));
    }
}
