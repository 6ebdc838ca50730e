using System.Text.Json;
using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Model;

/// <summary>Guide-style snippets (machine:/cluster: without version:) are patches of the main config.</summary>
public sealed class MachineConfigPatchTests : IDisposable
{
    private const string GuidePatch = """
        machine:
          features:
            apidCheckExtKeyUsage: true
          secureboot:
            enabled: true
        cluster:
          apiServer:
            extraArgs:
              feature-gates: PodSecurity=true
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-patch-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_version_less_machine_document_is_a_main_config_patch_not_a_node_config()
    {
        var file = Yaml.File("patch.yaml", GuidePatch);
        var document = Assert.Single(file.Documents);
        Assert.Equal(DocumentClass.TalosMachineConfig, document.Class);
        Assert.True(document.IsMachineConfigPatch);
        Assert.Null(file.MachineConfig);
        Assert.Equal(NodeRole.Patch, Assert.Single(new ClusterModel([file]).TalosFiles).Role);
    }

    [Fact]
    public void A_secrets_bundle_with_a_cluster_key_stays_a_secrets_bundle()
    {
        var file = Yaml.File("secrets.yaml", "cluster:\n  id: abc\n  secret: def\nsecrets:\n  bootstraptoken: x\ncerts:\n  os:\n    crt: a\n");
        Assert.Equal(DocumentClass.TalosSecretsBundle, Assert.Single(file.Documents).Class);
    }

    [Fact]
    public void Scanning_a_guide_patch_reports_document_local_rules_only()
    {
        var path = Path.Combine(_directory, "secureboot-patch.yaml");
        File.WriteAllText(path, GuidePatch);
        var outcome = Support.Cli.Run("scan", "--format", "json", "--fail-on", "none", path);
        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Stdout);
        var found = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("ruleId").GetString(), f.GetProperty("location").GetProperty("path").GetString()))
            .ToList();
        Assert.Contains(("TG-CONF-001", "machine.secureboot"), found);
        Assert.Contains(("TG-CONF-002", "machine.features.apidCheckExtKeyUsage"), found);
        Assert.Contains(("TG-CONF-005", "cluster.apiServer.extraArgs.feature-gates"), found);
        Assert.DoesNotContain(found, f => f.Item1 is "TG-DISK-001" or "TG-DISK-002" or "TG-NET-001" or "TG-SEC-001" or "TG-PSS-001" or "TG-BOOT-001" or "TG-K8S-007");
    }
}
