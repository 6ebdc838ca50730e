using Talguard.Evidence;
using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Evidence;

/// <summary>Loading a bundle: nodes, resources per node, what was not collected, and bad evidence refused with file and line.</summary>
public sealed class EvidenceBundleTests
{
    [Fact]
    public void Resources_are_asked_for_per_node()
    {
        var bundle = EvidenceBundle.Load(TestBundles.Path("v1.12-mixed"));
        var worker = bundle.Nodes[1];

        Assert.Equal(("10.5.0.3", "worker", new TalosVersion(1, 12)), (worker.Address, worker.Role, worker.Release));
        var volumes = bundle.For(worker, "volumestatus");
        Assert.True(volumes.Collected);
        Assert.Equal(["EPHEMERAL", "STATE"], volumes.Objects.Select(o => o.Id));
        var ephemeral = volumes.Find("EPHEMERAL")!;
        Assert.Equal((TestBundles.Display("v1.12-mixed") + "/talos/volumestatus.json", 2), (ephemeral.File, ephemeral.Index));
        Assert.Equal("[\"nodeID\", \"static\"]", ephemeral["configuredEncryptionKeys"]!.Display());
        var missing = ephemeral.AtField("encryptionLockedToState");
        Assert.Equal((ephemeral.Spec.Line, "spec.encryptionLockedToState", "VolumeStatuses.block.talos.dev"), (missing.Line, missing.Path, missing.Kind));
    }

    [Fact]
    public void Missing_files_and_refusals_are_not_collected_never_healthy()
    {
        var bundle = EvidenceBundle.Load(TestBundles.Path("v1.13-partial"));
        var refusedNode = bundle.Nodes[1];

        Assert.False(bundle.For(refusedNode, "securitystate").Collected);
        Assert.Equal("refused: rpc error: code = PermissionDenied desc = not authorized", bundle.For(refusedNode, "securitystate").NotCollectedReason);
        Assert.Equal("talos/extensions.json is not in the bundle", bundle.For(refusedNode, "extensions").NotCollectedReason);
        Assert.True(bundle.For(bundle.Nodes[2], "securitystate").Collected);
        Assert.Equal(
            [
                "- extensions: talos/extensions.json is not in the bundle",
                "- machineconfig: talos/machineconfig.json is not in the bundle",
                "10.5.0.3 kernelparamstatus: refused: rpc error: code = Unavailable desc = connection refused",
            ],
            bundle.NotCollected.Where(n => n.Resource is "extensions" or "machineconfig" or "kernelparamstatus")
                .Select(n => $"{n.Node ?? "-"} {n.Resource}: {n.Reason}"));
        Assert.Contains(bundle.NotCollected, n => n is { Node: null, Resource: "kubernetes" });
    }

    [Fact]
    public void Admin_only_resources_of_a_reader_bundle_say_why_they_are_missing()
    {
        var bundle = EvidenceBundle.Load(TestBundles.Path("v1.12-mixed"));

        Assert.Equal("needs os:admin; the bundle was collected as os:reader", bundle.NotCollected.Single(n => n.Resource == "auditpolicyconfig").Reason);
    }

    [Fact]
    public void A_node_without_a_resource_in_a_collected_file_has_none()
    {
        var bundle = EvidenceBundle.Load(TestBundles.Path("v1.11-broken"));
        var chains = bundle.For(bundle.Nodes[0], "nftableschain");

        Assert.True(chains.Collected);
        Assert.Empty(chains.Objects);
    }

    [Fact]
    public void An_object_without_a_node_belongs_to_the_only_node()
    {
        using var copy = TestBundles.Copy("v1.11-healthy");
        copy.Edit("talos/securitystate.json", text => text.Replace("\"node\": \"10.5.0.2\"", "\"node\": \"\"", StringComparison.Ordinal));

        var state = EvidenceBundle.Load(copy.Path).For(new BundleNode("10.5.0.2", "controlplane", "v1.11.5"), "securitystate");

        Assert.Single(state.Objects);
    }

    public static TheoryData<string, string, string, string> BadEvidence() => new()
    {
        { "talos/securitystate.json", "\"selinuxState\": \"enabled, permissive\"", "CUT", "talos/securitystate.json:21: truncated: the object starting here is not closed before the end of the file" },
        { "manifest.json", "\"schemaVersion\": 1", "\"schemaVersion\": 2", "manifest.json:17: schemaVersion 2 is not supported (this talguard reads schemaVersion 1)" },
        { "talos/volumestatus.json", "VolumeStatuses.block.talos.dev", "SecurityStates.talos.dev", "talos/volumestatus.json:8: unknown resource shape: metadata.type is \"SecurityStates.talos.dev\", but talos/volumestatus.json holds VolumeStatuses.block.talos.dev (talosctl get volumestatus -o json)" },
        { "talos/securitystate.json", "\"secureBoot\": true", "\"secureBoot\": \"yes\"", "talos/securitystate.json:17: unknown resource shape: spec.secureBoot is a string; SecurityStates.talos.dev has a boolean there" },
        { "talos/securitystate.json", "\"node\": \"10.5.0.3\"", "\"node\": \"10.5.0.9\"", "talos/securitystate.json:32: node 10.5.0.9 is not among the nodes manifest.json lists" },
        { "talos/securitystate.json", "\"node\": \"10.5.0.3\"", "\"node\": \"\"", "talos/securitystate.json:21: the object names no node (empty \"node\"), and manifest.json lists 2 nodes" },
        { "manifest.json", "\"talosVersion\": \"v1.12.4\"", "\"talosVersion\": \"latest\"", "manifest.json:7: talosVersion \"latest\" is not a version (v1.12.4)" },
        { "manifest.json", "\"nodes\": [", "\"hosts\": [", "manifest.json:1: no nodes list" },
    };

    [Theory]
    [MemberData(nameof(BadEvidence))]
    public void Bad_evidence_names_the_bundle_file_and_line(string file, string find, string replace, string expected)
    {
        using var copy = TestBundles.Copy("v1.12-mixed");
        copy.Edit(file, text =>
        {
            var at = text.IndexOf(find, StringComparison.Ordinal);
            Assert.True(at >= 0, $"{find} not in {file}");
            return replace == "CUT" ? text[..at] : text[..at] + replace + text[(at + find.Length)..];
        });

        var error = Assert.Throws<InputException>(() => EvidenceBundle.Load(copy.Path));

        Assert.Equal(copy.Display + "/" + expected, $"{error.File}:{error.Line}: {error.Message}");
    }

    [Fact]
    public void A_bundle_without_manifest_is_refused()
    {
        using var copy = TestBundles.Copy("v1.12-mixed");
        File.Delete(System.IO.Path.Combine(copy.Path, "manifest.json"));

        var error = Assert.Throws<InputException>(() => EvidenceBundle.Load(copy.Path));

        Assert.Equal((copy.Display + "/manifest.json", "missing: an evidence bundle holds manifest.json (see docs/verify.md)"), (error.File, error.Message));
    }
}
