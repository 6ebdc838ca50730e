using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Model;

public class YamlStreamReaderTests
{
    [Fact]
    public void Nodes_know_their_line_column_and_path()
    {
        var file = Yaml.File("cp.yaml", """
            version: v1alpha1
            machine:
              sysctls:
                kernel.kptr_restrict: "1"
              install:
                extraKernelArgs:
                  - enforcing=1
            ---
            apiVersion: v1alpha1
            kind: VolumeConfig
            name: STATE
            """);

        Assert.Equal(2, file.Documents.Count);
        var sysctl = file.Documents[0].At("machine", "sysctls", "kernel.kptr_restrict")!;
        Assert.Equal((4, 27), (sysctl.Start.Line, sysctl.Start.Column));
        Assert.Equal("machine.sysctls[\"kernel.kptr_restrict\"]", sysctl.Path);
        var arg = file.Documents[0].At("machine", "install", "extraKernelArgs")!.Items[0];
        Assert.Equal("machine.install.extraKernelArgs[0]", arg.Path);
        Assert.Equal(DocumentClass.TalosMachineConfig, file.Documents[0].Class);
        Assert.Equal(DocumentClass.TalosDocument, file.Documents[1].Class);
        Assert.Equal("VolumeConfig", file.Documents[1].Kind);
        Assert.Equal(1, file.Documents[1].Index);
    }

    [Fact]
    public void Malformed_yaml_names_file_and_line()
    {
        var error = Assert.Throws<InputException>(() => Yaml.File("bad.yaml", "a: b\nc: [d\n  e: f: g\n"));
        Assert.Equal("bad.yaml", error.File);
        Assert.True(error.Line > 0);
        Assert.StartsWith("bad.yaml:", error.OneLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_fails_safe()
    {
        var deep = new string('[', 5000) + new string(']', 5000);
        var error = Assert.Throws<InputException>(() => Yaml.File("deep.yaml", deep));
        Assert.Contains("nested deeper", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0o644", 420)]
    [InlineData("0644", 420)]
    [InlineData("0x1A", 26)]
    [InlineData("420", 420)]
    public void Integers_read_like_go_yaml(string text, long expected) =>
        Assert.Equal(expected, Yaml.File("f.yaml", "apiVersion: v1\nkind: X\nv: " + text).Documents[0].At("v")!.AsInt64());
}
