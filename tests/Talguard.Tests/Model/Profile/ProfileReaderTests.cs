using System.Text;
using Talguard.Hardening.PodSecurity;
using Talguard.Model;
using Talguard.Model.Profile;

namespace Talguard.Tests.Model.Profile;

public class ProfileReaderTests
{
    private const string Head = "apiVersion: talguard.dev/v1alpha1\nkind: HardeningProfile\n";

    [Fact]
    public void The_written_default_reads_back_to_the_default()
    {
        var text = ProfileWriter.Write(HardeningProfile.Default);
        var read = ProfileReader.Parse("p.yaml", text);
        Assert.Equal(text, ProfileWriter.Write(read));
        Assert.Equal(HardeningProfile.Default.ControlPlaneNodes, read.ControlPlaneNodes);
        Assert.Equal(HardeningProfile.Default.SecureBoot, read.SecureBoot);
    }

    [Fact]
    public void Omitted_fields_take_the_default_values()
    {
        var read = ProfileReader.Parse("p.yaml", Head);
        Assert.Equal(ProfileWriter.Write(HardeningProfile.Default), ProfileWriter.Write(read));
    }

    [Fact]
    public void Every_field_is_read()
    {
        var read = ProfileReader.Parse("p.yaml", Head + """
            cluster:
              name: prod-1
              talosVersion: v1.13.2
              kubernetesVersion: 1.35.0
              endpoint: https://api.prod.example.com:6443
              controlPlaneNodes: [192.168.10.11, 192.168.10.12, 192.168.10.13]
            network:
              clusterCidr: 192.168.10.0/24
              podCidr: 10.200.0.0/16
              serviceCidr: 10.100.0.0/16
              managementCidrs: [192.168.99.0/24]
              storageCidrs: [192.168.20.0/24, "fd00:20::/64"]
              cni: flannel
            diskEncryption:
              mode: kms
              kmsEndpoint: https://kms.prod.example.com:4443
            secureBoot:
              enabled: true
              installerImage: registry.example.com/talos/metal-installer-secureboot:v1.13.2
            podSecurity:
              level: baseline
              exemptNamespaces: [kube-system, rook-ceph]
            audit:
              maxAgeDays: 90
              maxBackups: 20
              maxSizeMegabytes: 200
            secretsAtRest:
              provider: aescbc
            compliance: pci-dss
            """);

        Assert.Equal("prod-1", read.ClusterName);
        Assert.Equal("v1.13.2", read.TalosRelease);
        Assert.Equal(new TalosVersion(1, 13), read.TalosVersion);
        Assert.Equal("1.35.0", read.KubernetesVersion);
        Assert.Equal("https://api.prod.example.com:6443", read.Endpoint);
        Assert.Equal(["192.168.10.11", "192.168.10.12", "192.168.10.13"], read.ControlPlaneNodes);
        Assert.Equal("192.168.10.0/24", read.Network.ClusterCidr);
        Assert.Equal("10.200.0.0/16", read.Network.PodCidr);
        Assert.Equal("10.100.0.0/16", read.Network.ServiceCidr);
        Assert.Equal(["192.168.99.0/24"], read.Network.ManagementCidrs);
        Assert.Equal(["192.168.20.0/24", "fd00:20::/64"], read.Network.StorageCidrs);
        Assert.Equal(CniChoice.Flannel, read.Cni);
        Assert.Equal(new DiskEncryptionProfile(DiskEncryptionMode.Kms, "https://kms.prod.example.com:4443"), read.DiskEncryption);
        Assert.Equal(new SecureBootProfile(true, InstallerImage: "registry.example.com/talos/metal-installer-secureboot:v1.13.2"), read.SecureBoot);
        Assert.Equal(PodSecurityLevel.Baseline, read.PodSecurity.Level);
        Assert.Equal(["kube-system", "rook-ceph"], read.PodSecurity.ExemptNamespaces);
        Assert.Equal(new AuditProfile(90, 20, 200), read.Audit);
        Assert.Equal(SecretsAtRestProvider.Aescbc, read.SecretsAtRest);
        Assert.Equal(ComplianceTarget.PciDss, read.Compliance);
    }

    [Theory]
    [InlineData("tpm", nameof(DiskEncryptionMode.Tpm))]
    [InlineData("tpm+recovery", nameof(DiskEncryptionMode.TpmWithRecovery))]
    [InlineData("nodeID", nameof(DiskEncryptionMode.NodeId))]
    public void Each_key_mode_is_read(string spelling, string mode) =>
        Assert.Equal(Enum.Parse<DiskEncryptionMode>(mode), ProfileReader.Parse("p.yaml", Head + $"diskEncryption:\n  mode: {spelling}\n").DiskEncryption.Mode);

    [Fact]
    public void Tpm_pcrs_are_read_from_Talos_v1_12()
    {
        var read = ProfileReader.Parse("p.yaml", Head + "cluster:\n  talosVersion: v1.12.0\ndiskEncryption:\n  mode: tpm+recovery\n  tpmPcrs: [7, 11]\n");
        Assert.Equal([7, 11], read.DiskEncryption.TpmPcrs!);
    }

    [Fact]
    public void Secure_boot_off_needs_no_installer()
    {
        var read = ProfileReader.Parse("p.yaml", Head + "secureBoot:\n  enabled: false\n");
        Assert.Equal(new SecureBootProfile(false), read.SecureBoot);
    }

    [Fact]
    public void Secure_boot_with_an_installer_image_drops_the_default_schematic() =>
        Assert.Null(ProfileReader.Parse("p.yaml", Head + "secureBoot:\n  installerImage: factory.talos.dev/installer-secureboot/abc:v1.12.4\n").SecureBoot.SchematicId);

    [Fact]
    public void Ipv6_addresses_and_networks_are_read()
    {
        var read = ProfileReader.Parse("p.yaml", Head + """
            cluster:
              endpoint: https://[fd00:10::11]:6443
              controlPlaneNodes: ["fd00:10::11"]
            network:
              clusterCidr: fd00:10::/64
              podCidr: fd00:244::/56
              serviceCidr: fd00:96::/112
              managementCidrs: [fd00:10::/64]
            """);
        Assert.Equal(["fd00:10::11"], read.ControlPlaneNodes);
        Assert.Equal("fd00:10::/64", read.Network.ClusterCidr);
    }

    public static TheoryData<string, int, string> BadValues() => new()
    {
        // Values outside their set name the field, its line and every allowed value.
        { "diskEncryption:\n  mode: luks\n", 4, "diskEncryption.mode: 'luks' is not one of tpm, tpm+recovery, kms, nodeID" },
        { "network:\n  cni: weave\n", 4, "network.cni: 'weave' is not one of cilium, flannel, calico, none" },
        { "compliance: hipaa\n", 3, "compliance: 'hipaa' is not one of none, cis, pci-dss, soc2" },
        { "secretsAtRest:\n  provider: kms\n", 4, "secretsAtRest.provider: 'kms' is not one of secretbox, aescbc" },
        { "podSecurity:\n  level: Restricted\n", 4, "podSecurity.level: 'Restricted' is not one of privileged, baseline, restricted" },
        { "secureBoot:\n  enabled: yes\n", 4, "secureBoot.enabled: 'yes' is not one of true, false" },
        { "cluster:\n  nmae: x\n", 4, "cluster.nmae: unknown key (expected one of name, talosVersion, kubernetesVersion, endpoint, controlPlaneNodes)" },
        { "clusters: {}\n", 3, "clusters: unknown key" },
        { "cluster:\n  name: a\n  name: b\n", 5, "cluster.name: key repeated" },
        { "cluster: x\n", 3, "cluster: expected a mapping" },
        { "cluster:\n  name: Prod_1\n", 4, "cluster.name: 'Prod_1' is not a DNS label" },
        { "cluster:\n  name: [a]\n", 4, "cluster.name: expected a single value, not a list" },

        // Versions, strictly.
        { "cluster:\n  talosVersion: v1.10.6\n", 4, "cluster.talosVersion: 'v1.10.6' is not one of the supported Talos lines v1.11, v1.12, v1.13, v1.14" },
        { "cluster:\n  talosVersion: v1.15.0\n", 4, "cluster.talosVersion: 'v1.15.0' is not one of the supported Talos lines" },
        { "cluster:\n  talosVersion: 1.12.4\n", 4, "cluster.talosVersion: '1.12.4' is not a Talos release like v1.12.4" },
        { "cluster:\n  talosVersion: v1.12\n", 4, "cluster.talosVersion: 'v1.12' is not a Talos release" },
        { "cluster:\n  kubernetesVersion: v1.34.1\n", 4, "cluster.kubernetesVersion: 'v1.34.1' is not a Kubernetes version like 1.34.1 (major, minor and patch): write it without the leading v, '1.34.1'" },
        { "cluster:\n  kubernetesVersion: 1.27.9\n", 4, "cluster.kubernetesVersion: '1.27.9' is older than 1.28" },
        { "cluster:\n  kubernetesVersion: 1.34\n", 4, "cluster.kubernetesVersion: '1.34' is not a Kubernetes version" },

        // Addresses, strictly.
        { "cluster:\n  endpoint: http://10.5.0.2:6443\n", 4, "cluster.endpoint: 'http://10.5.0.2:6443' is not an https URL" },
        { "cluster:\n  endpoint: https://10.5.0.2:6443/api\n", 4, "cluster.endpoint: 'https://10.5.0.2:6443/api' is not an https URL" },
        { "cluster:\n  endpoint: https://user@10.5.0.2:6443\n", 4, "cluster.endpoint: 'https://user@10.5.0.2:6443' is not an https URL" },
        { "cluster:\n  endpoint: https://10.5.0.2:99999\n", 4, "cluster.endpoint: 'https://10.5.0.2:99999' is not an https URL" },
        { "cluster:\n  endpoint: https://10.5.2:6443\n", 4, "cluster.endpoint: 'https://10.5.2:6443' is not an https URL" },
        { "cluster:\n  controlPlaneNodes:\n    - 10.5.0.2\n    - 10.5.0.02\n", 6, "cluster.controlPlaneNodes[1]: '10.5.0.02' is not an IP address" },
        { "cluster:\n  controlPlaneNodes: [10.5.0.2, 10.5.0.2]\n", 4, "cluster.controlPlaneNodes[1]: 10.5.0.2 is listed twice" },
        { "cluster:\n  controlPlaneNodes: []\n", 4, "cluster.controlPlaneNodes: needs at least one" },
        { "cluster:\n  controlPlaneNodes: 10.5.0.2\n", 4, "cluster.controlPlaneNodes: expected a list" },
        { "network:\n  podCidr: 10.244.0.0/33\n", 4, "network.podCidr: '10.244.0.0/33' is not a CIDR" },
        { "network:\n  podCidr: 10.244.1.0/16\n", 4, "network.podCidr: '10.244.1.0/16' has host bits set: did you mean 10.244.0.0/16?" },
        { "network:\n  podCidr: 10.244.0.0\n", 4, "network.podCidr: '10.244.0.0' is not a CIDR" },
        { "network:\n  managementCidrs: [10.0.0.0/8, 300.0.0.0/8]\n", 4, "network.managementCidrs[1]: '300.0.0.0/8' is not a CIDR" },
        { "network:\n  managementCidrs: []\n", 4, "network.managementCidrs: needs at least one network" },
        { "network:\n  serviceCidr: 10.244.0.0/20\n", 4, "network.serviceCidr: 10.244.0.0/16 (podCidr) and 10.244.0.0/20 (serviceCidr) overlap" },
        { "diskEncryption:\n  tpmPcrs: [7, 24]\n", 4, "diskEncryption.tpmPcrs[1]: '24' is not a PCR number from 0 to 23" },
        { "diskEncryption:\n  tpmPcrs: [7, 7]\n", 4, "diskEncryption.tpmPcrs[1]: PCR 7 is listed twice" },
        { "diskEncryption:\n  tpmPcrs: []\n", 4, "diskEncryption.tpmPcrs: is empty" },
        { "audit:\n  maxAgeDays: 0\n", 4, "audit.maxAgeDays: '0' is not a whole number from 1 to 3650" },
        { "audit:\n  maxBackups: \"10\"\n", 4, "audit.maxBackups: '10' is not a whole number from 1 to 1000" },
        { "audit:\n  maxSizeMegabytes: 1e3\n", 4, "audit.maxSizeMegabytes: '1e3' is not a whole number" },
        { "audit:\n  maxBackups: 010\n", 4, "audit.maxBackups: '010' is not a whole number from 1 to 1000" },
        { "podSecurity:\n  exemptNamespaces: [kube-system, Kube_System]\n", 4, "podSecurity.exemptNamespaces[1]: 'Kube_System' is not a namespace name" },
        { "secureBoot:\n  schematicId: abc\n", 4, "secureBoot.schematicId: 'abc' is not an Image Factory schematic ID" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_value_is_one_error_naming_the_field_its_line_and_what_is_allowed(string body, int line, string message)
    {
        var error = Assert.Throws<InputException>(() => ProfileReader.Parse("p.yaml", Head + body));
        Assert.Equal("p.yaml", error.File);
        Assert.Equal(line, error.Line);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.OneLine);
    }

    public static TheoryData<string, int, string> Conflicts() => new()
    {
        {
            "cluster:\n  talosVersion: v1.11.5\ndiskEncryption:\n  tpmPcrs: [7]\n", 6,
            "diskEncryption.tpmPcrs: TPM PCR binding needs Talos v1.12 or later: remove diskEncryption.tpmPcrs or set cluster.talosVersion to v1.12+"
        },
        {
            "diskEncryption:\n  mode: nodeID\n  tpmPcrs: [7]\n", 5,
            "diskEncryption.tpmPcrs: binds a TPM-sealed key, but the mode is nodeID: remove diskEncryption.tpmPcrs or set diskEncryption.mode to tpm or tpm+recovery"
        },
        {
            "diskEncryption:\n  mode: kms\n", 4,
            "diskEncryption.mode: kms needs the KMS server: set diskEncryption.kmsEndpoint"
        },
        {
            "diskEncryption:\n  kmsEndpoint: https://kms.example.com:4443\n", 4,
            "diskEncryption.kmsEndpoint: is used only with mode kms, but the mode is tpm: remove diskEncryption.kmsEndpoint or set diskEncryption.mode to kms"
        },
        {
            "diskEncryption:\n  mode: kms\n  kmsEndpoint: kms.example.com:4443\n", 5,
            "diskEncryption.kmsEndpoint: 'kms.example.com:4443' is not an https URL"
        },
        {
            "secureBoot:\n  schematicId: 376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba\n  installerImage: factory.talos.dev/installer-secureboot/x:v1.12.4\n", 5,
            "secureBoot.installerImage: and secureBoot.schematicId are both set: keep one"
        },
        {
            "secureBoot:\n  installerImage: ghcr.io/siderolabs/installer:v1.12.4\n", 4,
            "secureBoot.installerImage: 'ghcr.io/siderolabs/installer:v1.12.4' is not a Secure Boot installer (no installer-secureboot path segment): use factory.talos.dev/installer-secureboot/<schematic>:v1.12.4"
        },
        {
            "secureBoot:\n  installerImage: factory.talos.dev/installer-secureboot/x:v1.11.0\n", 4,
            "secureBoot.installerImage: tag 'v1.11.0' is not cluster.talosVersion v1.12.4: tag the installer v1.12.4 or change cluster.talosVersion"
        },
        {
            "secureBoot:\n  enabled: false\n  schematicId: 376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba\n", 5,
            "secureBoot.schematicId: is used only when Secure Boot is on: remove secureBoot.schematicId or set secureBoot.enabled: true"
        },
        {
            "cluster:\n  controlPlaneNodes: [10.5.0.2, 10.6.0.2]\n", 4,
            "cluster.controlPlaneNodes[1]: 10.6.0.2 is outside network.clusterCidr 10.5.0.0/24: widen network.clusterCidr"
        },
        {
            "network:\n  clusterCidr: 192.168.1.0/24\n  managementCidrs: [192.168.1.0/24]\n", 4,
            "network.clusterCidr: 192.168.1.0/24 does not contain the default control-plane node 10.5.0.2: set cluster.controlPlaneNodes"
        },
    };

    [Theory]
    [MemberData(nameof(Conflicts))]
    public void A_conflict_is_one_error_that_says_the_fix(string body, int line, string message)
    {
        var error = Assert.Throws<InputException>(() => ProfileReader.Parse("p.yaml", Head + body));
        Assert.Equal(line, error.Line);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 0, "empty file")]
    [InlineData("kind: HardeningProfile\n", 1, "apiVersion: missing")]
    [InlineData("apiVersion: talguard.dev/v1\nkind: HardeningProfile\n", 1, "apiVersion: 'talguard.dev/v1' is not one of talguard.dev/v1alpha1")]
    [InlineData("apiVersion: talguard.dev/v1alpha1\nkind: Profile\n", 2, "kind: 'Profile' is not one of HardeningProfile")]
    [InlineData("- a\n", 1, "a profile is one YAML mapping")]
    [InlineData("apiVersion: talguard.dev/v1alpha1\nkind: HardeningProfile\n---\napiVersion: talguard.dev/v1alpha1\n", 3, "a profile is one YAML mapping")]
    [InlineData("apiVersion: [\n", 2, "invalid YAML")]
    public void A_file_that_is_not_a_profile_is_refused(string text, int line, string message)
    {
        var error = Assert.Throws<InputException>(() => ProfileReader.Parse("p.yaml", text));
        Assert.Equal(line, error.Line);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_hostile_value_is_shortened_and_escaped_in_the_one_error_line()
    {
        var value = "\u001b[31m" + new string('x', 10_000);
        var error = Assert.Throws<InputException>(() => ProfileReader.Parse("p.yaml", Head + $"compliance: \"{value.Replace("\u001b", "\\e", StringComparison.Ordinal)}\"\n"));
        Assert.True(error.OneLine.Length < 400, error.OneLine);
        Assert.DoesNotContain('\u001b', error.OneLine);
    }

    public static TheoryData<string, byte[], string> HostileFiles() => new()
    {
        { "binary", [0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01], "binary file" },
        { "invalid UTF-8", Encoding.UTF8.GetBytes(Head).Concat(new byte[] { 0xc3, 0x28, 0x0a }).ToArray(), "not UTF-8" },
        { "deep", Encoding.UTF8.GetBytes(Head + "cluster: " + new string('[', 5000) + new string(']', 5000) + "\n"), "YAML nested deeper than" },
        { "alias bomb", Encoding.UTF8.GetBytes(AliasBomb()), "document contains excessive aliasing" },
        { "huge", Encoding.UTF8.GetBytes(Head + "# " + new string('x', (int)ProfileReader.MaxFileBytes) + "\n"), "larger than" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void A_hostile_file_is_one_input_error(string name, byte[] content, string message)
    {
        var path = Path.Combine(Path.GetTempPath(), $"talguard-profile-{Guid.NewGuid():N}.yaml");
        File.WriteAllBytes(path, content);
        try
        {
            var error = Assert.Throws<InputException>(() => ProfileReader.Load(path, name + ".yaml"));
            Assert.Equal(name + ".yaml", error.File);
            Assert.Contains(message, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_file_is_one_input_error() =>
        Assert.Equal("no such file or directory", Assert.Throws<InputException>(() => ProfileReader.Load("/nonexistent/talguard.profile.yaml")).Message);

    private static string AliasBomb()
    {
        var text = new StringBuilder(Head).Append("x0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            text.Append($"x{i}: &a{i} [").AppendJoin(", ", Enumerable.Repeat($"*a{i - 1}", 9)).Append("]\n");
        }

        return text.ToString();
    }
}
