using Talguard.Model;
using Talguard.Model.Talos;
using Talguard.Tests.Support;

namespace Talguard.Tests.Model.Talos;

/// <summary>The decoder type checks behind TG-CONF-007: each mismatch at its value, and none on the configs the repository holds.</summary>
public sealed class ValueTypesTests
{
    private static readonly TalosVersion V112 = new(1, 12);
    private static readonly TalosVersion V113 = new(1, 13);
    private static readonly TalosVersion V114 = new(1, 14);

    private static List<string> Mismatches(string text, TalosVersion target) =>
        [.. Yaml.File("c.yaml", text).Documents.SelectMany(d => ValueTypes.Mismatches(d, target)).Select(m => $"{m.Value.Path} {m.Value.Start.Line}: {m.Expected}")];

    [Fact]
    public void A_placeholder_where_a_list_belongs_is_reported_at_its_value()
    {
        const string patch = """
            machine:
              kubelet:
                nodeIP:
                  validSubnets: ${SUBNETS}
            """;
        Assert.Equal(["machine.kubelet.nodeIP.validSubnets 4: a list of strings"], Mismatches(patch, V113));
    }

    [Fact]
    public void Lists_and_mappings_where_scalars_belong_and_scalars_where_mappings_belong()
    {
        const string config = """
            version: v1alpha1
            machine:
              type: [controlplane]
              certSANs:
                - {name: a}
              nodeLabels: zone=a
              install:
                disk:
                  path: /dev/sda
            cluster:
              network:
                podSubnets: 10.244.0.0/16
            """;
        Assert.Equal(
        [
            "machine.type 3: a string",
            "machine.certSANs[0] 5: a string",
            "machine.nodeLabels 6: a map of strings",
            "machine.install.disk 9: a string",
            "cluster.network.podSubnets 12: a list of strings",
        ], Mismatches(config, V113));
    }

    [Fact]
    public void Split_documents_are_checked_at_their_release()
    {
        const string documents = """
            apiVersion: v1alpha1
            kind: SysctlConfig
            params:
              - vm.max_map_count=262144
            ---
            apiVersion: v1alpha1
            kind: NetworkRuleConfig
            name: kubelet
            portSelector:
              ports: 10250
            ingress:
              - subnet: 10.0.0.0/8
            """;
        Assert.Equal(["params 4: a map of strings", "portSelector.ports 10: a list of integers or strings"], Mismatches(documents, V114));
    }

    [Fact]
    public void ExtraArgs_lists_are_accepted_from_v1_13_only()
    {
        const string patch = """
            cluster:
              apiServer:
                extraArgs:
                  feature-gates:
                    - A=true
                    - {B: true}
            """;
        Assert.Equal(["cluster.apiServer.extraArgs.feature-gates 5: a string (lists from Talos v1.13)"], Mismatches(patch, V112));
        Assert.Equal(["cluster.apiServer.extraArgs.feature-gates[1] 6: a string"], Mismatches(patch, V113));
    }

    [Fact]
    public void Nulls_delete_directives_free_form_and_unknown_keys_are_not_judged()
    {
        const string patch = """
            machine:
              certSANs:
              kubelet:
                extraConfig:
                  serializeImagePulls: [not, checked]
              notAField: [x]
            cluster:
              apiServer:
                admissionControl:
                  $patch: delete
            """;
        Assert.Empty(Mismatches(patch, V113));
    }

    /// <summary>
    /// Mismatches that are real: the insecure Talos v1.11 example gives an extraArgs value as a list, which Talos accepts
    /// only from v1.13 (its v1.11 decoder reads a string).
    /// </summary>
    private static readonly HashSet<string> KnownMismatches = new(StringComparer.Ordinal)
    {
        "examples/control-plane-access/controlplane.yaml:39 cluster.scheduler.extraArgs.tls-cipher-suites: a string (lists from Talos v1.13)",

        // A Terraform template whose placeholder is rendered before Talos sees it; scanned unrendered, it is a true finding.
        "tests/Talguard.Tests/Corpus/repos/terraform-talos/templates/controlplane-patch.yaml:9 machine.kubelet.nodeIP.validSubnets: a list of strings",
    };

    /// <summary>Every YAML file of the examples and the test corpora parses to configs with no mismatch, but the fire samples of TG-CONF-007.</summary>
    [Fact]
    public void Configs_in_the_repository_are_silent()
    {
        var root = SharedData.RepositoryRoot;
        var files = new[] { "examples", "tests" }.Select(d => Path.Combine(root, d)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !(f.Contains("TG-CONF-007", StringComparison.Ordinal) && Path.GetFileName(f).StartsWith("fire", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count > 100, $"only {files.Count} YAML files found under examples/ and tests/");

        var reported = new List<string>();
        foreach (var path in files)
        {
            SourceFile source;
            try
            {
                source = InputLoader.Parse(Path.GetRelativePath(root, path), path, File.ReadAllText(path));
            }
            catch (InputException)
            {
                continue;
            }

            foreach (var file in new ClusterModel([source]).TalosFiles)
            {
                reported.AddRange(file.Documents.SelectMany(d => ValueTypes.Mismatches(d, file.TalosVersion))
                    .Select(m => $"{source.DisplayPath}:{m.Value.Start.Line} {m.Value.Path}: {m.Expected}"));
            }
        }

        reported.RemoveAll(KnownMismatches.Contains);
        Assert.True(reported.Count == 0, "type mismatches in repository configs:\n" + string.Join('\n', reported));
    }
}
