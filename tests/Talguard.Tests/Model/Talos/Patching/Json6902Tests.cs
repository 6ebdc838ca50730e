using Talguard.Model;
using Talguard.Model.Talos.Patching;
using static Talguard.Tests.Model.Talos.Patching.PatchingTestKit;

namespace Talguard.Tests.Model.Talos.Patching;

/// <summary>RFC 6902 operations as <c>talosctl machineconfig patch</c> applies them: to a single-document config only.</summary>
public class Json6902Tests
{
    private const string Config = "version: v1alpha1\nmachine:\n  type: worker\n  certSANs: [a, c]\n  sysctls:\n    net.ipv4.ip_forward: \"1\"\n";

    [Fact]
    public void Add_remove_and_replace_edit_mappings_and_lists()
    {
        const string patch = """
            - op: add
              path: /machine/certSANs/1
              value: b
            - op: add
              path: /machine/certSANs/-
              value: d
            - op: replace
              path: /machine/type
              value: controlplane
            - op: remove
              path: /machine/sysctls/net.ipv4.ip_forward
            - op: add
              path: /machine/kubelet
              value:
                extraArgs:
                  rotate-server-certificates: "true"
            """;
        AssertMerge(Config, patch, """
            version: v1alpha1
            machine:
              type: controlplane
              certSANs: [a, b, c, d]
              sysctls: {}
              kubelet:
                extraArgs:
                  rotate-server-certificates: "true"
            """);
    }

    [Fact]
    public void The_json_spelling_reads_like_the_yaml_one_and_pointers_unescape()
    {
        const string patch = """[{"op": "add", "path": "/machine/nodeLabels", "value": {"a/b": "x"}}, {"op": "replace", "path": "/machine/nodeLabels/a~1b", "value": "y"}]""";
        AssertMerge(Config, patch, Config + "  nodeLabels:\n    a/b: y\n");
    }

    [Theory]
    [InlineData("- op: remove\n  path: /machine/missing\n", 1)]
    [InlineData("- op: replace\n  path: /machine/certSANs/5\n  value: x\n", 1)]
    [InlineData("- op: add\n  path: /machine/type\n  value: x\n- op: add\n  path: /nothing/here\n  value: x\n", 4)]
    public void An_operation_that_does_not_apply_fails_at_its_line(string patch, int line)
    {
        var error = Assert.Throws<InputException>(() => Apply(Config, patch));
        Assert.Equal(("patch0.yaml", line), (error.File, error.Line));
    }

    [Fact]
    public void A_multi_document_config_refuses_json_patches()
    {
        var error = Assert.Throws<InputException>(() => Apply(Config + "---\napiVersion: v1alpha1\nkind: SideroLinkConfig\napiUrl: https://x\n", "- op: remove\n  path: /machine/type\n"));
        Assert.Contains("single-document", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Operations_are_read_in_order_with_their_kinds()
    {
        var patch = TalosPatchReader.Read("p.yaml", "- op: add\n  path: /a\n  value: 1\n- op: remove\n  path: /b\n");
        Assert.True(patch.IsJsonPatch);
        Assert.Equal([JsonPatchOperationKind.Add, JsonPatchOperationKind.Remove], patch.Operations.Select(o => o.Operation));
        Assert.Equal(ScalarKind.Int, ((ConfigScalar)patch.Operations[0].Value!).Kind);
    }
}
