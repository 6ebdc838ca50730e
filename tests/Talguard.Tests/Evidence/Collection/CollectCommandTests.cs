using System.Runtime.Versioning;
using System.Text.Json.Nodes;

namespace Talguard.Tests.Evidence.Collection;

/// <summary><c>talguard collect</c> run against stand-in talosctl/kubectl executables (see <see cref="StandInCluster"/>).</summary>
public sealed class CollectCommandTests : IDisposable
{
    private static readonly string[] ReaderResources =
    [
        "securitystate", "volumestatus", "kernelparamstatus", "nftableschain", "staticpods", "kubeletspec",
        "apiserverconfig", "extensions", "cmdline", "mounts",
    ];

    private static readonly string[] KubernetesResources =
    [
        "namespaces", "pods", "deployments", "daemonsets", "statefulsets", "jobs", "cronjobs", "roles", "clusterroles",
        "rolebindings", "clusterrolebindings",
    ];

    private const string PermissionDenied = "rpc error: code = PermissionDenied desc = not authorized";

    private readonly StandInCluster _cluster = new();

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public void A_reader_collect_writes_every_reader_resource_of_every_node_exactly_as_talosctl_prints_it()
    {
        var outcome = _cluster.Collect("--kubeconfig", _cluster.KubeConfig);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(string.Empty, outcome.Stderr);
        var manifest = Manifest();
        Assert.Equal(1, (int)manifest["schemaVersion"]!);
        Assert.Equal("os:reader", (string?)manifest["role"]);
        Assert.Equal("v1.12.4", (string?)manifest["talosctlVersion"]);
        Assert.True(DateTimeOffset.TryParse((string?)manifest["collectedAt"], out _));
        Assert.Equal(
            ["10.5.0.2 controlplane v1.12.4", "10.5.0.3 worker v1.11.5", "10.5.0.4 worker v1.13.0"],
            manifest["nodes"]!.AsArray().Select(n => $"{n!["address"]} {n["role"]} {n["talosVersion"]}"));
        Assert.Empty(manifest["refused"]!.AsArray());
        foreach (var resource in ReaderResources)
        {
            var expected = string.Concat(StandInCluster.Nodes.Select(n => _cluster.Recorded(n, resource)));
            Assert.Equal(expected, File.ReadAllText(Path.Combine(_cluster.Bundle, "talos", resource + ".json")));
        }

        foreach (var plural in KubernetesResources)
        {
            Assert.Equal(_cluster.RecordedKubernetes(plural), File.ReadAllText(Path.Combine(_cluster.Bundle, "kubernetes", plural + ".json")));
        }

        Assert.False(File.Exists(Path.Combine(_cluster.Bundle, "talos", "machineconfig.json")));
        Assert.Equal(ReaderResources.Length + KubernetesResources.Length + 1, Directory.GetFiles(_cluster.Bundle, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void The_bundle_is_private()
    {
        Assert.Equal(0, _cluster.Collect().ExitCode);

        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(_cluster.Bundle) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.OtherExecute));
        Assert.All(Directory.GetFiles(_cluster.Bundle, "*", SearchOption.AllDirectories), f =>
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
    }

    [Fact]
    public void Admin_resources_asked_with_reader_rights_are_refused_per_node_and_the_rest_is_collected_with_exit_4()
    {
        var outcome = _cluster.Collect("--admin");

        Assert.Equal(4, outcome.ExitCode);
        var manifest = Manifest();
        Assert.Equal("os:admin", (string?)manifest["role"]);
        var refused = Refused(manifest);
        Assert.Equal(
            StandInCluster.Nodes.SelectMany(n => new[] { $"{n} machineconfig {PermissionDenied}" }).Concat(StandInCluster.Nodes.Select(n => $"{n} auditpolicyconfig {PermissionDenied}")).Order(StringComparer.Ordinal),
            refused.Order(StringComparer.Ordinal));
        Assert.False(File.Exists(Path.Combine(_cluster.Bundle, "talos", "machineconfig.json")));
        Assert.All(ReaderResources, r => Assert.True(File.Exists(Path.Combine(_cluster.Bundle, "talos", r + ".json"))));
        Assert.Contains($"talguard: not collected from 10.5.0.3: machineconfig, auditpolicyconfig: {PermissionDenied}\n", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("the bundle is partial", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_admin_collect_gets_the_machine_config_of_every_node_and_the_audit_policy_of_the_control_plane()
    {
        _cluster.GrantAdmin();

        var outcome = _cluster.Collect("--admin");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Empty(Refused(Manifest()));
        var configs = JsonObjects(Path.Combine(_cluster.Bundle, "talos", "machineconfig.json"));
        Assert.Equal(StandInCluster.Nodes, configs.Select(c => (string?)c["node"]));
        Assert.All(configs, c => Assert.Contains("token: TALGUARD-REDACTED", (string?)c["spec"], StringComparison.Ordinal));
        Assert.Equal(_cluster.Recorded(StandInCluster.ControlPlane, "auditpolicyconfig"), File.ReadAllText(Path.Combine(_cluster.Bundle, "talos", "auditpolicyconfig.json")));
    }

    [Fact]
    public void A_node_that_is_down_costs_only_its_own_evidence()
    {
        _cluster.TakeDown(StandInCluster.OldWorker);

        var outcome = _cluster.Collect();

        Assert.Equal(4, outcome.ExitCode);
        var manifest = Manifest();
        Assert.Equal([StandInCluster.ControlPlane, StandInCluster.NewWorker], manifest["nodes"]!.AsArray().Select(n => (string?)n!["address"]));
        var refused = manifest["refused"]!.AsArray();
        Assert.Equal(ReaderResources, refused.Select(r => (string?)r!["resource"]));
        Assert.All(refused, r =>
        {
            Assert.Equal(StandInCluster.OldWorker, (string?)r!["node"]);
            Assert.Contains("code = Unavailable", (string?)r["error"], StringComparison.Ordinal);
        });
        foreach (var resource in ReaderResources)
        {
            var expected = _cluster.Recorded(StandInCluster.ControlPlane, resource) + _cluster.Recorded(StandInCluster.NewWorker, resource);
            Assert.Equal(expected, File.ReadAllText(Path.Combine(_cluster.Bundle, "talos", resource + ".json")));
        }
    }

    [Fact]
    public void A_first_node_that_is_down_does_not_stop_the_others()
    {
        // talosctl resolves the resource kind on the first node, so a multi-node run fails before printing anything.
        _cluster.TakeDown(StandInCluster.ControlPlane);

        var outcome = _cluster.Collect();

        Assert.Equal(4, outcome.ExitCode);
        Assert.Equal([StandInCluster.OldWorker, StandInCluster.NewWorker], Manifest()["nodes"]!.AsArray().Select(n => (string?)n!["address"]));
        Assert.Equal(
            _cluster.Recorded(StandInCluster.OldWorker, "securitystate") + _cluster.Recorded(StandInCluster.NewWorker, "securitystate"),
            File.ReadAllText(Path.Combine(_cluster.Bundle, "talos", "securitystate.json")));
        // The workers answered and run no static pods: collected, and empty (a missing file would mean not collected).
        Assert.Equal(string.Empty, File.ReadAllText(Path.Combine(_cluster.Bundle, "talos", "staticpods.json")));
    }

    [Fact]
    public void Nodes_given_on_the_command_line_replace_the_contexts_and_an_unknown_one_is_recorded_as_down()
    {
        var outcome = _cluster.Collect("--nodes", StandInCluster.NewWorker, "10.5.0.9");

        Assert.Equal(4, outcome.ExitCode);
        var manifest = Manifest();
        Assert.Equal([StandInCluster.NewWorker], manifest["nodes"]!.AsArray().Select(n => (string?)n!["address"]));
        Assert.All(manifest["refused"]!.AsArray(), r => Assert.Equal("10.5.0.9", (string?)r!["node"]));
        Assert.Equal(_cluster.Recorded(StandInCluster.NewWorker, "cmdline"), File.ReadAllText(Path.Combine(_cluster.Bundle, "talos", "cmdline.json")));
    }

    [Fact]
    public void A_kubernetes_list_the_api_server_refuses_is_recorded_without_a_node()
    {
        _cluster.Forbid("pods");

        var outcome = _cluster.Collect("--kubeconfig", _cluster.KubeConfig);

        Assert.Equal(4, outcome.ExitCode);
        var refused = Assert.Single(Manifest()["refused"]!.AsArray());
        Assert.Null((string?)refused!["node"]);
        Assert.Equal("pods", (string?)refused["resource"]);
        Assert.StartsWith("Error from server (Forbidden): pods is forbidden", (string?)refused["error"], StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_cluster.Bundle, "kubernetes", "pods.json")));
        Assert.True(File.Exists(Path.Combine(_cluster.Bundle, "kubernetes", "namespaces.json")));
    }

    [Fact]
    public void When_no_node_answers_nothing_is_written_and_the_run_fails_with_one_line()
    {
        foreach (var node in StandInCluster.Nodes)
        {
            _cluster.TakeDown(node);
        }

        var outcome = _cluster.Collect();

        Support.Cli.AssertOneLineInputError(outcome, _cluster.TalosConfig + ": no node answered: 10.5.0.2: rpc error: code = Unavailable");
        Assert.False(Directory.Exists(_cluster.Bundle));
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(_cluster.Bundle)!, ".talguard-*"));
    }

    [Fact]
    public void A_bundle_is_never_written_over_a_directory_that_holds_anything()
    {
        Directory.CreateDirectory(_cluster.Bundle);
        File.WriteAllText(Path.Combine(_cluster.Bundle, "manifest.json"), "earlier evidence");

        var outcome = _cluster.Collect();

        Support.Cli.AssertOneLineInputError(outcome, _cluster.Bundle + ": exists and is not empty");
        Assert.Equal("earlier evidence", File.ReadAllText(Path.Combine(_cluster.Bundle, "manifest.json")));
        Assert.Single(Directory.GetFileSystemEntries(_cluster.Bundle));
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(_cluster.Bundle)!, ".talguard-*"));
    }

    [Fact]
    public void An_empty_directory_made_for_the_bundle_is_used()
    {
        Directory.CreateDirectory(_cluster.Bundle);

        Assert.Equal(0, _cluster.Collect().ExitCode);
        Assert.True(File.Exists(Path.Combine(_cluster.Bundle, "manifest.json")));
    }

    [Fact]
    public void A_context_without_nodes_needs_nodes_on_the_command_line()
    {
        var outcome = _cluster.Collect("--context", "empty");

        Support.Cli.AssertOneLineInputError(outcome, _cluster.TalosConfig + ":");
        Assert.Contains("context empty lists no nodes: give --nodes", outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("cGxhY2Vob2xkZXIga2V5", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_talosctl_is_one_line_naming_it()
    {
        var missing = Path.Combine(_cluster.ClusterDirectory, "no-such-talosctl");

        var outcome = Support.Cli.Run("collect", "--talosconfig", _cluster.TalosConfig, "--talosctl", missing, "-o", _cluster.Bundle);

        Support.Cli.AssertOneLineInputError(outcome, missing + ": cannot be run");
        Assert.False(Directory.Exists(_cluster.Bundle));
    }

    [Fact]
    public void Collect_without_a_talosconfig_is_a_usage_error()
    {
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("collect", "-o", _cluster.Bundle), "collect needs --talosconfig FILE");
    }

    private JsonObject Manifest() => JsonNode.Parse(File.ReadAllText(Path.Combine(_cluster.Bundle, "manifest.json")))!.AsObject();

    private static List<string> Refused(JsonObject manifest) =>
        [.. manifest["refused"]!.AsArray().Select(r => $"{r!["node"]} {r["resource"]} {r["error"]}")];

    /// <summary>The objects of a talosctl-framed file (pretty-printed objects one after another).</summary>
    internal static List<JsonObject> JsonObjects(string path) => JsonObjectsOf(File.ReadAllText(path));

    internal static List<JsonObject> JsonObjectsOf(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var reader = new System.Text.Json.Utf8JsonReader(bytes, new System.Text.Json.JsonReaderOptions { AllowMultipleValues = true });
        var objects = new List<JsonObject>();
        while (reader.Read())
        {
            objects.Add(JsonNode.Parse(ref reader)!.AsObject());
        }

        return objects;
    }
}
