using System.Text.Json;
using Talguard.Model;
using Talguard.Model.Talhelper;
using Talguard.Tests.Support;

namespace Talguard.Tests.Model.Talhelper;

/// <summary>
/// A talhelper project (Corpus/talhelper: talconfig.yaml with global, group, node, inline and @file patches, a talenv.yaml
/// of ${VAR}s) is scanned as talhelper would build each node: patches judged where they are written, each node's merged
/// config judged by every rule at its entry in talconfig.yaml.
/// </summary>
public sealed class TalhelperProjectTests : IDisposable
{
    private const string Project = "tests/Talguard.Tests/Corpus/talhelper";
    private const string TalconfigPath = Project + "/talos/talconfig.yaml";

    /// <summary>Lines of talconfig.yaml: the node entries and the patch lines findings point at.</summary>
    private const int ControlPlane1 = 18;
    private const int ControlPlane2 = 33;
    private const int Worker1 = 43;

    private static readonly string[] ExpectedFindings =
    [
        "TG-PSS-008 talos/patches/controller/cluster.yaml:4:16",
        "TG-K8S-011 talos/patches/controller/cluster.yaml:9:21",
        "TG-K8S-011 talos/patches/controller/cluster.yaml:16:21",
        "TG-K8S-008 talos/patches/global/machine-sysctls.yaml:7:31",
        "TG-K8S-008 talos/patches/worker/gpu.yaml:7:30",
        $"TG-AUD-007 talos/talconfig.yaml:{ControlPlane1}:5",
        $"TG-DISK-001 talos/talconfig.yaml:{ControlPlane1}:5",
        $"TG-DISK-002 talos/talconfig.yaml:{ControlPlane1}:5",
        $"TG-K8S-009 talos/talconfig.yaml:{ControlPlane1}:5",
        $"TG-NET-001 talos/talconfig.yaml:{ControlPlane1}:5",
        $"TG-PSS-001 talos/talconfig.yaml:{ControlPlane1}:5",
        $"TG-AUD-007 talos/talconfig.yaml:{ControlPlane2}:5",
        $"TG-DISK-001 talos/talconfig.yaml:{ControlPlane2}:5",
        $"TG-DISK-002 talos/talconfig.yaml:{ControlPlane2}:5",
        $"TG-NET-001 talos/talconfig.yaml:{ControlPlane2}:5",
        $"TG-PSS-001 talos/talconfig.yaml:{ControlPlane2}:5",
        "TG-CONF-002 talos/talconfig.yaml:41:13",
        "TG-K8S-009 talos/talconfig.yaml:41:13",
        $"TG-BOOT-001 talos/talconfig.yaml:{Worker1}:5",
        $"TG-DISK-001 talos/talconfig.yaml:{Worker1}:5",
        $"TG-K8S-009 talos/talconfig.yaml:{Worker1}:5",
        $"TG-NET-001 talos/talconfig.yaml:{Worker1}:5",
        "TG-DISK-003 talos/talconfig.yaml:53:11",
        "TG-DISK-006 talos/talconfig.yaml:54:15",
        "TG-K8S-010 talos/talconfig.yaml:68:23",
        "TG-ACC-003 talos/talconfig.yaml:85:17",
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-talhelper-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_directory_scan_judges_the_patches_where_written_and_each_node_at_its_entry()
    {
        Assert.Equal(ExpectedFindings, Findings(Project));
    }

    [Fact]
    public void Scanning_talconfig_yaml_alone_reads_its_patch_files_and_finds_the_same()
    {
        Assert.Equal(ExpectedFindings, Findings(TalconfigPath));
    }

    [Fact]
    public void Patch_files_of_a_talconfig_named_by_absolute_path_are_shown_by_absolute_path()
    {
        var talconfig = Path.Combine(SharedData.RepositoryRoot, TalconfigPath).Replace('\\', '/');
        var outcome = Support.Cli.Run("scan", "--format", "json", "--fail-on", "none", talconfig);
        using var json = JsonDocument.Parse(outcome.Stdout);
        var files = json.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("location").GetProperty("file").GetString()!).ToHashSet();
        Assert.Contains(talconfig.Replace("talconfig.yaml", "patches/worker/gpu.yaml", StringComparison.Ordinal), files);
    }

    [Fact]
    public void A_directory_scan_lists_talconfig_yaml_and_every_patch_file_it_names_as_scanned()
    {
        var outcome = Support.Cli.Run("scan", "--format", "junit", "--fail-on", "none", Project);
        Assert.Equal(0, outcome.ExitCode);
        foreach (var file in new[] { "talconfig.yaml", "patches/global/machine-sysctls.yaml", "patches/global/machine-kubelet.yaml",
            "patches/controller/cluster.yaml", "patches/worker/kubelet.yaml", "patches/worker/gpu.yaml" })
        {
            Assert.Contains($"name=\"{Project}/talos/{file}\"", outcome.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Talconfig_is_recognised_by_its_content_whatever_its_name()
    {
        var text = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, TalconfigPath));
        var file = InputLoader.Parse("cluster/home.yaml", null, text);
        Assert.Equal(DocumentClass.TalhelperConfig, Assert.Single(file.Documents).Class);
        Assert.True(TalhelperProject.IsTalhelperConfig(file));
        Assert.Equal(DocumentClass.Unknown, Assert.Single(InputLoader.Parse("talenv.yaml", null, "talosVersion: v1.13.6\n").Documents).Class);
    }

    [Fact]
    public void The_patch_files_a_project_names_are_claimed_so_a_directory_scan_never_lists_them_as_skipped()
    {
        var talconfig = Load(TalconfigPath);
        var claimed = TalhelperProject.PatchFilesOf([talconfig]);
        var patches = Path.Combine(SharedData.RepositoryRoot, Project, "talos", "patches");
        Assert.Equal(
            new[] { "controller/cluster.yaml", "global/machine-kubelet.yaml", "global/machine-sysctls.yaml", "worker/gpu.yaml", "worker/kubelet.yaml" },
            claimed.Select(p => Path.GetRelativePath(patches, p).Replace('\\', '/')).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Each_node_is_talhelpers_merged_config_with_placeholders_kept()
    {
        var model = new ClusterModel([Load(TalconfigPath)]);
        var nodes = model.NodeConfigs.ToList();
        Assert.Equal([NodeRole.ControlPlane, NodeRole.ControlPlane, NodeRole.Worker], nodes.Select(n => n.Role));
        var worker = nodes[2].MachineConfig!;

        Assert.Equal("https://${clusterEndpointIP}:6443", worker.At("cluster", "controlPlane", "endpoint")?.AsString());
        Assert.Equal("factory.talos.dev/metal-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:${talosVersion}",
            worker.At("machine", "install", "image")?.AsString());
        Assert.Equal("factory.talos.dev/metal-installer-secureboot/schematic-id:${talosVersion}",
            nodes[0].MachineConfig!.At("machine", "install", "image")?.AsString());
        Assert.Equal("/dev/nvme0n1", worker.At("machine", "install", "disk")?.AsString());
        Assert.Equal("rack-a", worker.At("machine", "nodeLabels", "topology.kubernetes.io/zone")?.AsString());
        var passphrase = nodes[2].OfKind("VolumeConfig").Single(d => d.ObjectName == "EPHEMERAL").Root!.At("encryption", "keys")!.Items[0].At("static", "passphrase");
        Assert.Equal("${ephemeralPassphrase}", passphrase?.AsString());
        Assert.Equal("talos/talconfig.yaml:56:29", Location(passphrase!));
    }

    [Fact]
    public void Patches_apply_in_talhelpers_order_group_then_node_then_global_last()
    {
        var worker = new ClusterModel([Load(TalconfigPath)]).NodeConfigs.Single(n => n.Role == NodeRole.Worker).MachineConfig!;

        // The node's gpu.yaml sets 16777216; the global machine-sysctls.yaml, applied after it, wins.
        var rmem = worker.At("machine", "sysctls", "net.core.rmem_max")!;
        Assert.Equal("67108864", rmem.AsString());
        Assert.Equal("talos/patches/global/machine-sysctls.yaml:5:24", Location(rmem));

        // The worker group's JSON 6902 patch file and the node's own patch file both applied.
        Assert.Equal("true", worker.At("machine", "kubelet", "extraArgs", "rotate-server-certificates")?.AsString());
        Assert.Equal(2, worker.At("machine", "kernel", "modules")?.Items.Count);
    }

    [Fact]
    public void A_dollar_dollar_patch_delete_in_a_group_patch_removes_the_generated_admission_config()
    {
        var model = new ClusterModel([Load(TalconfigPath)]);
        foreach (var controlPlane in model.ControlPlanes.Where(c => c.IsNodeConfig))
        {
            Assert.NotNull(controlPlane.MachineConfig!.At("cluster", "apiServer", "auditPolicy"));
            Assert.Null(controlPlane.MachineConfig!.At("cluster", "apiServer", "admissionControl"));
        }
    }

    [Fact]
    public void Findings_never_show_a_talenv_value()
    {
        var outcome = Support.Cli.Run("scan", "--format", "json", "--fail-on", "none", Project);
        Assert.DoesNotContain("192.168.42.10", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("v1.13.6", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_patch_file_is_one_error_line_at_the_talconfig_line_naming_it()
    {
        var path = Path.Combine(_directory, "talconfig.yaml");
        File.WriteAllText(path, """
            clusterName: lab
            kubernetesVersion: v1.34.1
            endpoint: https://10.0.0.1:6443
            nodes:
              - hostname: cp
                controlPlane: true
                patches:
                  - "@./patches/missing.yaml"
            """);
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("scan", path), $"{path.Replace('\\', '/')}:8: patch file ./patches/missing.yaml not found");
    }

    [Fact]
    public void An_inline_patch_with_a_yaml_error_is_reported_at_its_talconfig_line()
    {
        var path = Path.Combine(_directory, "talconfig.yaml");
        File.WriteAllText(path, """
            clusterName: lab
            kubernetesVersion: v1.34.1
            endpoint: https://10.0.0.1:6443
            patches:
              - |-
                machine:
                  sysctls: [unclosed
            nodes:
              - hostname: cp
                controlPlane: true
            """);
        // The parser notices the unclosed list where the patch text ends, the line after it.
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("scan", path), $"{path.Replace('\\', '/')}:8: invalid YAML");
    }

    [Fact]
    public void A_multi_document_inline_patch_keeps_its_documents_and_places()
    {
        var path = Path.Combine(_directory, "talconfig.yaml");
        File.WriteAllText(path, """
            clusterName: lab
            talosVersion: v1.13.2
            kubernetesVersion: v1.34.1
            endpoint: https://10.0.0.1:6443
            nodes:
              - hostname: cp
                controlPlane: true
                installDisk: /dev/sda
                patches:
                  - |-
                    apiVersion: v1alpha1
                    kind: NetworkDefaultActionConfig
                    ingress: block
                    ---
                    apiVersion: v1alpha1
                    kind: VolumeConfig
                    name: STATE
                    encryption:
                      provider: luks2
                      keys:
                        - slot: 0
                          tpm: {}
            """);
        var model = new ClusterModel([InputLoader.Load([path])[0]]);
        var node = Assert.Single(model.NodeConfigs);
        Assert.Equal("ghcr.io/siderolabs/kubelet:v1.34.1", node.MachineConfig!.At("machine", "kubelet", "image")?.AsString());
        Assert.Equal(new TalosVersion(1, 13), node.TalosVersion);
        var firewall = Assert.Single(node.OfKind("NetworkDefaultActionConfig"));
        Assert.Equal("block", firewall.Root!["ingress"]?.AsString());
        Assert.Equal(13, firewall.Root!["ingress"]!.Start.Line);
        Assert.Equal(22, Assert.Single(node.OfKind("VolumeConfig")).Root!.At("encryption", "keys")!.Items[0]["tpm"]!.KeyNode!.Start.Line);
    }

    [Fact]
    public void Ingress_firewall_and_the_image_url_become_what_talhelper_generates()
    {
        var path = Path.Combine(_directory, "talconfig.yaml");
        File.WriteAllText(path, """
            clusterName: lab
            talosVersion: v1.13.2
            kubernetesVersion: v1.34.1
            endpoint: https://10.0.0.1:6443
            controlPlane:
              talosImageURL: factory.talos.dev/installer-secureboot/abc123
              ingressFirewall:
                defaultAction: block
                rules:
                  - name: apid
                    portSelector:
                      ports: [50000]
                      protocol: tcp
                    ingress:
                      - subnet: 10.0.0.0/24
            worker:
              ingressFirewall:
                rules: []
            nodes:
              - hostname: cp
                controlPlane: true
                installDisk: /dev/sda
              - hostname: w
                installDisk: /dev/sda
            """);
        var nodes = new ClusterModel([InputLoader.Load([path])[0]]).NodeConfigs.ToList();
        var controlPlane = nodes.Single(n => n.Role == NodeRole.ControlPlane);
        Assert.Equal("factory.talos.dev/installer-secureboot/abc123:v1.13.2", controlPlane.MachineConfig!.At("machine", "install", "image")?.AsString());
        Assert.Equal("block", Assert.Single(controlPlane.OfKind("NetworkDefaultActionConfig")).Root!["ingress"]?.AsString());
        Assert.Equal("off", Assert.Single(controlPlane.OfKind("HostnameConfig")).Root!["auto"]?.AsString());
        var rule = Assert.Single(controlPlane.OfKind("NetworkRuleConfig"));
        Assert.Equal("apid", rule.ObjectName);
        Assert.Equal("10.0.0.0/24", rule.Root!.At("ingress")!.Items[0]["subnet"]?.AsString());
        // talhelper's HostnameConfig merges into the one Talos generates; its other documents are appended.
        Assert.Equal(["v1alpha1", "HostnameConfig", "NetworkDefaultActionConfig", "NetworkRuleConfig"],
            controlPlane.Documents.Select(d => d.Kind).Distinct());

        // A firewall without defaultAction is Go's zero value: accept.
        Assert.Equal("accept", Assert.Single(nodes.Single(n => n.Role == NodeRole.Worker).OfKind("NetworkDefaultActionConfig")).Root!["ingress"]?.AsString());
    }

    [Fact]
    public void Before_talos_1_12_the_node_fields_go_into_the_v1alpha1_document()
    {
        var path = Path.Combine(_directory, "talconfig.yaml");
        File.WriteAllText(path, """
            clusterName: lab
            talosVersion: v1.11.5
            kubernetesVersion: v1.33.4
            endpoint: https://10.0.0.1:6443
            nodes:
              - hostname: cp
                controlPlane: true
                installDisk: /dev/sda
                nameservers: [1.1.1.1]
                schematic:
                  customization:
                    extraKernelArgs: [mitigations=off]
            """);
        var node = Assert.Single(new ClusterModel([InputLoader.Load([path])[0]]).NodeConfigs);
        var main = node.MachineConfig!;
        Assert.Equal("cp", main.At("machine", "network", "hostname")?.AsString());
        Assert.Equal("1.1.1.1", main.At("machine", "network", "nameservers")!.Items[0].AsString());
        Assert.Equal("mitigations=off", main.At("machine", "install", "extraKernelArgs")!.Items[0].AsString());
        Assert.Equal("true", main.At("machine", "features", "rbac")?.AsString());
        Assert.Equal(new TalosVersion(1, 11), node.TalosVersion);
        Assert.Equal("registry.k8s.io/kube-apiserver:v1.33.4", main.At("cluster", "apiServer", "image")?.AsString());
        Assert.DoesNotContain(node.Documents, d => d.Kind == "HostnameConfig");
    }

    [Fact]
    public void A_node_whose_patch_does_not_apply_gets_a_notice_and_its_patch_is_still_judged()
    {
        var path = Path.Combine(_directory, "talconfig.yaml");
        File.WriteAllText(path, """
            clusterName: lab
            talosVersion: v1.13.2
            kubernetesVersion: v1.34.1
            endpoint: https://10.0.0.1:6443
            nodes:
              - hostname: cp
                controlPlane: true
                installDisk: /dev/sda
                patches:
                  - |-
                    machine:
                      network:
                        kubespan:
                          $$patch: delete
                      sysctls:
                        kernel.kptr_restrict: "0"
            """);
        var outcome = Support.Cli.Run("scan", "--format", "json", "--fail-on", "none", path);
        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Stdout);
        var display = path.Replace('\\', '/');
        var notice = Assert.Single(json.RootElement.GetProperty("notices").EnumerateArray()).GetString();
        Assert.StartsWith($"{display}:6: node cp was not judged as merged: a patch does not apply to it ({display}:14: $patch: delete", notice, StringComparison.Ordinal);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("ruleId").GetString(), f.GetProperty("location").GetProperty("line").GetInt32()));
        Assert.Equal([("TG-CONF-002", 12), ("TG-K8S-008", 16)], findings);
    }

    private static SourceFile Load(string relative) => InputLoader.Load([Path.Combine(SharedData.RepositoryRoot, relative)])[0];

    /// <summary>Where a merged node came from, as <c>talos/FILE:LINE:COLUMN</c>.</summary>
    private static string Location(YamlNode node)
    {
        var file = node.Origin!.File;
        return $"{file[file.IndexOf("talos/", StringComparison.Ordinal)..]}:{node.Start.Line}:{node.Start.Column}";
    }

    private static List<string> Findings(string path)
    {
        var outcome = Support.Cli.Run("scan", "--format", "json", "--fail-on", "none", path);
        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Stdout);
        return [.. json.RootElement.GetProperty("findings").EnumerateArray().Select(f =>
        {
            var location = f.GetProperty("location");
            var file = location.GetProperty("file").GetString()!;
            return $"{f.GetProperty("ruleId").GetString()} {file[(Project.Length + 1)..]}:{location.GetProperty("line").GetInt32()}:{location.GetProperty("column").GetInt32()}";
        })];
    }
}
