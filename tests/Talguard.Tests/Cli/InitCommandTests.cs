using Talguard.Model.Profile;
using Talguard.Services;
using Talguard.Tests.Support;

namespace Talguard.Tests.Cli;

public sealed class InitCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-init-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Init_writes_the_strongest_profile_which_reads_back_to_the_default()
    {
        var path = Path.Combine(_directory, ProfileReader.DefaultFileName);
        var outcome = Support.Cli.Run("init", "-o", path);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal($"Wrote {path}\n", outcome.Stdout);
        var text = File.ReadAllText(path);
        Assert.Equal(ProfileWriter.Write(HardeningProfile.Default), text);
        Assert.Equal(text, ProfileWriter.Write(ProfileReader.Load(path)));
    }

    [Fact]
    public void Every_written_field_has_a_comment_line_above_it()
    {
        var lines = ProfileWriter.Write(HardeningProfile.Default).TrimEnd('\n').Split('\n');
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimStart();
            var startsField = line.Length > 0 && !line.StartsWith('#') && !line.StartsWith('-');
            Assert.True(!startsField || lines[i - 1].TrimStart().StartsWith('#'), $"line {i + 1} '{lines[i]}' has no comment above it");
        }
    }

    [Fact]
    public void The_example_profile_is_what_init_writes()
    {
        var outcome = Support.Cli.Run("init", "-o", "-");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "examples/profile/talguard.profile.yaml")), outcome.Stdout);
    }

    [Fact]
    public void Init_twice_is_byte_identical()
    {
        Assert.Equal(Support.Cli.Run("init", "-o", "-").Stdout, Support.Cli.Run("init", "-o", "-").Stdout);
    }

    [Fact]
    public void An_existing_file_is_kept_without_force()
    {
        var path = Path.Combine(_directory, "p.yaml");
        File.WriteAllText(path, "mine\n");

        Support.Cli.AssertOneLineInputError(Support.Cli.Run("init", "-o", path), $"{path}: already exists; use --force to replace it");
        Assert.Equal("mine\n", File.ReadAllText(path));

        Assert.Equal(0, Support.Cli.Run("init", "-o", path, "--force").ExitCode);
        Assert.Equal(ProfileWriter.Write(HardeningProfile.Default), File.ReadAllText(path));
    }

    [Fact]
    public void A_directory_as_output_is_one_error() =>
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("init", "-o", _directory, "--force"), $"{_directory}: is a directory");

    [Fact]
    public void Writing_leaves_no_temporary_file()
    {
        Assert.Equal(0, Support.Cli.Run("init", "-o", Path.Combine(_directory, "p.yaml")).ExitCode);
        Assert.Equal(["p.yaml"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void Schema_prints_the_embedded_json_schema()
    {
        var outcome = Support.Cli.Run("init", "--schema");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "src/Talguard/Model/Profile/talguard.profile.schema.json")), outcome.Stdout);
        using var document = System.Text.Json.JsonDocument.Parse(outcome.Stdout);
        Assert.Equal("Talguard hardening profile", document.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public void Schema_and_from_exclude_each_other() =>
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("init", "--schema", "--from", "x.yaml"), "--schema and --from exclude each other");

    [Fact]
    public void From_a_v1_12_gen_config_fills_names_versions_endpoint_and_networks()
    {
        var text = From("tests/Talguard.Tests/Corpus/gen-config/v1.12/controlplane.yaml", "tests/Talguard.Tests/Corpus/gen-config/v1.12/worker.yaml");
        var profile = ProfileReader.Parse("p.yaml", text);

        Assert.Equal("homelab", profile.ClusterName);
        Assert.Equal("v1.12.11", profile.TalosRelease);
        Assert.Equal("1.35.4", profile.KubernetesVersion);
        Assert.Equal("https://k8s.homelab.internal:6443", profile.Endpoint);
        Assert.Equal("10.244.0.0/16", profile.Network.PodCidr);
        Assert.Equal("10.96.0.0/12", profile.Network.ServiceCidr);
        Assert.Equal(CniChoice.Flannel, profile.Cni);
        Assert.False(profile.SecureBoot.Enabled);
        Assert.Contains("# from tests/Talguard.Tests/Corpus/gen-config/v1.12/controlplane.yaml (the install image's tag)\n  talosVersion: v1.12.11\n", text, StringComparison.Ordinal);
        Assert.Contains("# CHECK: not found in", text, StringComparison.Ordinal);
    }

    [Fact]
    public void From_a_v1_14_gen_config_reads_the_split_documents()
    {
        var profile = ProfileReader.Parse("p.yaml", From("tests/Talguard.Tests/Corpus/gen-config/v1.14/controlplane.yaml"));
        Assert.Equal("homelab", profile.ClusterName);
        Assert.Equal("https://k8s.homelab.internal:6443", profile.Endpoint);
        Assert.Equal("v1.14.0-rc.1", profile.TalosRelease);
    }

    [Fact]
    public void From_a_hardened_config_reads_encryption_secure_boot_and_the_node_network()
    {
        var text = From("tests/Talguard.Tests/Hardening/testdata/nodes/hardened-controlplane.yaml");
        var profile = ProfileReader.Parse("p.yaml", text);

        Assert.Equal("demo", profile.ClusterName);
        Assert.Equal("v1.13.4", profile.TalosRelease);
        Assert.Equal(["10.0.1.10"], profile.ControlPlaneNodes);
        Assert.Equal("10.0.1.0/24", profile.Network.ClusterCidr);
        Assert.Equal(new DiskEncryptionProfile(DiskEncryptionMode.Kms, "https://kms.example.com:443"), profile.DiskEncryption);
        Assert.Equal(new SecureBootProfile(true, InstallerImage: "factory.talos.dev/metal-installer-secureboot/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.4"), profile.SecureBoot);
        Assert.Contains("# CHECK: not found in tests/Talguard.Tests/Hardening/testdata/nodes/hardened-controlplane.yaml\n  endpoint: https://10.5.0.2:6443\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void From_a_talhelper_project_reads_the_talconfig_and_marks_unresolved_variables_todo()
    {
        var text = From("tests/Talguard.Tests/Corpus/talhelper/talos/talconfig.yaml");
        var profile = ProfileReader.Parse("p.yaml", text);
        Assert.Contains("has 'ghcr.io/siderolabs/kubelet:${kubernetesVersion}', which a profile does not accept; the default stands\n  kubernetesVersion: 1.34.1\n", text, StringComparison.Ordinal);

        Assert.Equal("home-kubernetes", profile.ClusterName);
        Assert.Equal(["192.168.42.11", "192.168.42.12"], profile.ControlPlaneNodes);
        Assert.Equal("192.168.42.0/24", profile.Network.ClusterCidr);
        Assert.Equal("10.69.0.0/16", profile.Network.PodCidr);
        Assert.Equal("10.96.0.0/16", profile.Network.ServiceCidr);
        Assert.Equal(CniChoice.None, profile.Cni);
    }

    [Theory]
    [InlineData("    - slot: 0\n      tpm:\n        checkSecurebootStatusOnEnroll: true\n", nameof(DiskEncryptionMode.Tpm))]
    [InlineData("    - slot: 0\n      tpm: {}\n    - slot: 1\n      static:\n        passphrase: hunter2-recovery\n", nameof(DiskEncryptionMode.TpmWithRecovery))]
    [InlineData("    - slot: 0\n      nodeID: {}\n", nameof(DiskEncryptionMode.NodeId))]
    public void From_maps_the_state_keys_to_a_mode_and_never_copies_a_secret(string keys, string mode)
    {
        const string config = """
            version: v1alpha1
            machine:
              type: controlplane
              token: abcdef.0123456789abcdef
              install:
                image: ghcr.io/siderolabs/installer:v1.12.4
            cluster:
              clusterName: lab
              controlPlane:
                endpoint: https://10.1.0.10:6443
              secretboxEncryptionSecret: c2VjcmV0Ym94LXNlY3JldC1rZXktMzItYnl0ZXMtbG9uZz0=
            ---
            apiVersion: v1alpha1
            kind: VolumeConfig
            name: STATE
            encryption:
              provider: luks2
              keys:

            """;
        var path = Path.Combine(_directory, "controlplane.yaml");
        File.WriteAllText(path, config + keys);
        var outcome = Support.Cli.Run("init", "-o", "-", "--from", path);

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Equal(Enum.Parse<DiskEncryptionMode>(mode), ProfileReader.Parse("p.yaml", outcome.Stdout).DiskEncryption.Mode);
        Assert.DoesNotContain("hunter2", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdef.0123456789abcdef", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0Ym94", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void From_guesses_the_control_plane_from_an_ip_endpoint_and_says_so()
    {
        var path = Path.Combine(_directory, "controlplane.yaml");
        File.WriteAllText(path, "version: v1alpha1\nmachine:\n  type: controlplane\ncluster:\n  controlPlane:\n    endpoint: https://192.168.7.10:6443\n");
        var text = Support.Cli.Run("init", "-o", "-", "--from", path).Stdout;
        var profile = ProfileReader.Parse("p.yaml", text);

        Assert.Equal(["192.168.7.10"], profile.ControlPlaneNodes);
        Assert.Equal("192.168.7.0/24", profile.Network.ClusterCidr);
        Assert.Contains("# CHECK: guessed from cluster.endpoint", text, StringComparison.Ordinal);
    }

    [Fact]
    public void From_a_file_that_is_no_config_is_one_error()
    {
        var path = Path.Combine(_directory, "pod.yaml");
        File.WriteAllText(path, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n");
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("init", "-o", "-", "--from", path), $"{path}: holds no Talos machine config or talhelper talconfig.yaml");
    }

    [Fact]
    public void From_a_missing_file_is_one_error() =>
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("init", "-o", "-", "--from", "/nonexistent/cp.yaml"), "/nonexistent/cp.yaml: no such file or directory");

    [Fact]
    public void The_output_may_not_be_a_from_input()
    {
        var path = Path.Combine(_directory, "controlplane.yaml");
        File.Copy(Path.Combine(SharedData.RepositoryRoot, "tests/Talguard.Tests/Corpus/gen-config/v1.12/controlplane.yaml"), path);
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("init", "-o", path, "--force", "--from", path), $"-o {path}: is also an input of this run");
    }

    [Fact]
    public void The_init_service_refuses_schema_with_from() =>
        Assert.Throws<ArgumentException>(() => InitService.Run(new InitRequest("-") { Schema = true, From = ["x.yaml"] }));

    private static string From(params string[] files)
    {
        var outcome = Support.Cli.Run(["init", "-o", "-", .. files.SelectMany(f => new[] { "--from", f })]);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        return outcome.Stdout;
    }
}
