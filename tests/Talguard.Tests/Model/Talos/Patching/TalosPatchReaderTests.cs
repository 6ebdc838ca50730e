using Talguard.Model;
using Talguard.Model.Talos.Patching;

namespace Talguard.Tests.Model.Talos.Patching;

/// <summary>Patch files become typed patches; a malformed one is an input error at its line.</summary>
public class TalosPatchReaderTests
{
    [Fact]
    public void Documents_select_their_target_by_kind_and_name()
    {
        var patch = TalosPatchReader.Read("p.yaml", "machine:\n  type: worker\n---\napiVersion: v1alpha1\nkind: VolumeConfig\nname: STATE\nencryption: {}\n---\napiVersion: v1alpha1\nkind: SideroLinkConfig\n$patch: delete\n");
        Assert.False(patch.IsJsonPatch);
        Assert.Equal(
            [TalosDocumentSelector.Main, new TalosDocumentSelector("v1alpha1", "VolumeConfig", "STATE"), new TalosDocumentSelector("v1alpha1", "SideroLinkConfig", null)],
            patch.Documents.Select(d => d.Target));
        Assert.Equal([false, false, true], patch.Documents.Select(d => d.DeletesDocument));
    }

    [Fact]
    public void Scalar_kinds_are_explicit()
    {
        var content = TalosPatchReader.Read("p.yaml", "machine:\n  a: false\n  b: \"false\"\n  c: 12\n  d: '12'\n  e: ~\n  f: 1.5\n  g: !!str true\n").Documents[0].Content;
        var machine = (ConfigMapping)content["machine"]!;
        Assert.Equal(
            [ScalarKind.Bool, ScalarKind.String, ScalarKind.Int, ScalarKind.String, ScalarKind.Null, ScalarKind.Float, ScalarKind.String],
            machine.Entries.Select(e => ((ConfigScalar)e.Value).Kind));
    }

    [Fact]
    public void Delete_markers_name_a_key_or_a_list_item()
    {
        var machine = (ConfigMapping)TalosPatchReader.Read("p.yaml", "machine:\n  sysctls:\n    $patch: delete\n  network:\n    interfaces:\n      - interface: eth0\n        $patch: delete\n").Documents[0].Content["machine"]!;
        Assert.IsType<DeleteMarker>(machine["sysctls"]);
        var item = Assert.IsType<DeleteMarker>(Assert.Single(((ConfigSequence)((ConfigMapping)machine["network"]!)["interfaces"]!).Items));
        Assert.Equal(("interface", "eth0"), (item.ItemKey, item.ItemValue));
    }

    [Theory]
    [InlineData("machine:\n  a: [\n", 3)]
    [InlineData("machine: {}\n---\n- 1\n", 3)]
    [InlineData("just text\n", 1)]
    [InlineData("foo: bar\n", 1)]
    [InlineData("kind: VolumeConfig\nname: STATE\n", 1)]
    [InlineData("machine:\n  a:\n    $patch: replace\n", 3)]
    [InlineData("machine:\n  network:\n    interfaces:\n      - interface: eth0\n        vlans:\n          $patch: delete\n", 6)]
    [InlineData("machine:\n  certSANs:\n    - $patch: delete\n", 3)]
    [InlineData("version: v1alpha1\n$patch: delete\n", 1)]
    [InlineData("machine: {}\n---\nmachine: {}\n", 3)]
    [InlineData("- op: move\n  path: /a\n", 1)]
    [InlineData("- op: add\n  path: a\n  value: 1\n", 2)]
    [InlineData("- op: add\n  path: /a\n", 1)]
    [InlineData("- path: /a\n", 1)]
    public void Malformed_patches_are_input_errors_at_their_line(string text, int line)
    {
        var error = Assert.Throws<InputException>(() => TalosPatchReader.Read("bad.yaml", text));
        Assert.Equal(("bad.yaml", line), (error.File, error.Line));
    }
}
