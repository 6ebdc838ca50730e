using Talguard.Model.Talos.Patching;
using Talguard.Tests.Support;
using static Talguard.Tests.Model.Talos.Patching.PatchingTestKit;

namespace Talguard.Tests.Model.Talos.Patching;

/// <summary>The merged config is written as block YAML that loads back to the same tree, the same bytes every run.</summary>
public class ConfigYamlWriterTests
{
    private const string Config = """
        version: v1alpha1
        machine:
          type: controlplane
          install: {image: "ghcr.io/siderolabs/installer:v1.13.4", wipe: false}
          sysctls: {kernel.kptr_restrict: "2", vm.overcommit_memory: 1}
          nodeLabels: {"true": "yes", "": x, "a b": "line\nbreak", "null": "~", n: "0x1F", t: "\t\u2028"}
          certSANs: []
          kubelet:
            extraConfig: {ratio: 0.5, empty: {}, nothing: null, nested: [[1, 2], [], {a: 1}]}
        cluster:
          network:
            podSubnets: [10.244.0.0/16, "fd00::/64"]
          apiServer:
            extraArgs: {profiling: "false", feature-gates: [A=true, "B=false"]}
        ---
        apiVersion: v1alpha1
        kind: VolumeConfig
        name: EPHEMERAL
        provisioning:
          maxSize: "012"
        """;

    [Fact]
    public void Writes_block_yaml_with_two_space_indent()
    {
        var yaml = ConfigYamlWriter.Write(Documents("version: v1alpha1\nmachine: {type: worker, certSANs: [a], network: {interfaces: [{interface: eth0, addresses: [10.0.0.1/24]}]}}\n---\napiVersion: v1alpha1\nkind: SideroLinkConfig\napiUrl: https://x/join?a=b\n"));
        Assert.Equal("""
            version: v1alpha1
            machine:
              type: worker
              certSANs:
                - a
              network:
                interfaces:
                  - interface: eth0
                    addresses:
                      - 10.0.0.1/24
            ---
            apiVersion: v1alpha1
            kind: SideroLinkConfig
            apiUrl: "https://x/join?a=b"

            """.ReplaceLineEndings("\n"), yaml);
    }

    [Fact]
    public void What_it_writes_loads_back_to_the_same_tree()
    {
        var documents = Documents(Config);
        var written = ConfigYamlWriter.Write(documents);
        Assert.Equal(Json(documents), Json(Documents(written)));
    }

    [Theory]
    [InlineData("examples/insecure-cluster/controlplane.yaml")]
    [InlineData("examples/insecure-cluster/worker.yaml")]
    [InlineData("examples/hardened-cluster/controlplane.yaml")]
    [InlineData("examples/hardened-cluster/worker.yaml")]
    [InlineData("examples/control-plane-access/controlplane.yaml")]
    [InlineData("examples/pod-security/controlplane-patch.yaml")]
    public void Real_configs_round_trip(string relativePath)
    {
        var documents = Documents(File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, relativePath)));
        var written = ConfigYamlWriter.Write(documents);
        Assert.Equal(Json(documents), Json(Documents(written)));
        Assert.Equal(written, ConfigYamlWriter.Write(Documents(written)));
    }

    [Fact]
    public void The_same_merge_gives_the_same_bytes()
    {
        const string patch = "machine:\n  certSANs: [b]\n  sysctls:\n    kernel.kptr_restrict:\n      $patch: delete\n";
        var first = Merge(Config, patch);
        Assert.Equal(first, Merge(Config, patch));
        Assert.Equal(first, ConfigYamlWriter.Write(Documents(first)));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("true", "\"true\"")]
    [InlineData("Yes", "\"Yes\"")]
    [InlineData("y", "\"y\"")]
    [InlineData("12", "\"12\"")]
    [InlineData("1e3", "\"1e3\"")]
    [InlineData("~", "\"~\"")]
    [InlineData("", "\"\"")]
    [InlineData("10.244.0.0/16", "10.244.0.0/16")]
    [InlineData("- x", "\"- x\"")]
    [InlineData("a: b", "\"a: b\"")]
    public void Strings_are_quoted_only_when_yaml_would_read_them_otherwise(string text, string written) =>
        Assert.Equal(written, ConfigYamlWriter.Scalar(text));

    [Fact]
    public void The_merged_output_is_a_config_the_loader_classifies_as_talos()
    {
        var file = Yaml.File("merged.yaml", Merge(Config, "machine:\n  type: worker\n"));
        Assert.All(file.Documents, d => Assert.True(d.IsTalos));
        Assert.NotNull(file.MachineConfig);
    }
}
