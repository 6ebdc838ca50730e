using System.Text.Json.Nodes;
using Talguard.Evidence;

namespace Talguard.Tests.Evidence.Collection;

/// <summary>What <c>collect</c> writes is what <c>verify</c> reads: bundles read back by the bundle reader and judged.</summary>
public sealed class CollectThenVerifyTests : IDisposable
{
    private readonly StandInCluster _cluster = new();

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public void A_collected_admin_bundle_is_read_back_whole_by_the_bundle_reader()
    {
        _cluster.GrantAdmin();
        Assert.Equal(0, _cluster.Collect("--admin", "--kubeconfig", _cluster.KubeConfig).ExitCode);

        var bundle = EvidenceBundle.Load(_cluster.Bundle);

        Assert.Equal(StandInCluster.Nodes, bundle.Nodes.Select(n => n.Address));
        Assert.Empty(bundle.NotCollected);
        Assert.Equal(3, bundle.Talos("machineconfig")!.Objects.Count);
        Assert.Equal(11, bundle.KubernetesLists.Count());
    }

    [Fact]
    public void A_partial_bundle_says_what_was_not_collected_from_which_node()
    {
        _cluster.TakeDown(StandInCluster.OldWorker);
        Assert.Equal(4, _cluster.Collect().ExitCode);

        var bundle = EvidenceBundle.Load(_cluster.Bundle);

        Assert.Equal([StandInCluster.ControlPlane, StandInCluster.NewWorker], bundle.Nodes.Select(n => n.Address));
        Assert.Contains(bundle.NotCollected, n => n.Node == StandInCluster.OldWorker && n.Resource == "securitystate");
    }

    [Fact]
    public void Verify_with_a_talosconfig_collects_then_judges_as_verify_of_the_kept_bundle_does()
    {
        _cluster.GrantAdmin();
        var live = Support.Cli.Run(
            "verify", "--talosconfig", _cluster.TalosConfig, "--talosctl", StandInCluster.Talosctl, "--admin",
            "--keep-bundle", _cluster.Bundle, "--format", "json");
        var offline = Support.Cli.Run("verify", _cluster.Bundle, "--format", "json");

        Assert.Equal(1, live.ExitCode);
        Assert.Equal(offline.ExitCode, live.ExitCode);
        Assert.Equal(offline.Stdout, live.Stdout);
        Assert.StartsWith("collected 12 files from 3 node(s) with os:admin rights", live.Stderr, StringComparison.Ordinal);
        var rules = JsonNode.Parse(live.Stdout)!["findings"]!.AsArray().Select(f => (string?)f!["ruleId"]).ToList();
        Assert.Equal(["TG-LIVE-001", "TG-LIVE-002", "TG-LIVE-004"], rules.Where(r => r!.StartsWith("TG-LIVE", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        foreach (var secret in StandInCluster.PlantedSecrets)
        {
            Assert.DoesNotContain(secret, live.Stdout + live.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_keep_bundle_the_collected_bundle_is_deleted_after_the_report()
    {
        var outcome = Support.Cli.Run("verify", "--talosconfig", _cluster.TalosConfig, "--talosctl", StandInCluster.Talosctl, "--format", "json");

        Assert.Equal(1, outcome.ExitCode);
        var file = (string?)JsonNode.Parse(outcome.Stdout)!["findings"]![0]!["location"]!["file"];
        Assert.Matches("/bundle/talos/[a-z]+\\.json$", file);
        Assert.False(Directory.Exists(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(file)))));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Verify_takes_a_bundle_or_a_talosconfig(bool bundle, bool talosConfig)
    {
        string[] args = ["verify", .. bundle ? new[] { _cluster.ClusterDirectory } : [], .. talosConfig ? new[] { "--talosconfig", _cluster.TalosConfig } : []];

        Support.Cli.AssertOneLineInputError(Support.Cli.Run(args), "verify takes a BUNDLE, or --talosconfig FILE");
    }
}
