using Talguard.Model.Talos;
using Talguard.Tests.Support;

namespace Talguard.Tests.Model.Talos;

public class ExtraArgsTests
{
    private const string Config = """
        version: v1alpha1
        machine:
          type: controlplane
        cluster:
          apiServer:
            extraArgs:
              profiling: "true"
              tls-cipher-suites:
                - A
                - B,C
        ---
        apiVersion: v1alpha1
        kind: KubeAPIServerConfig
        extraArgs:
          anonymous-auth: "true"
        """;

    [Fact]
    public void String_and_list_values_yield_one_element_each_with_its_path_and_line()
    {
        var file = Yaml.Model(("cp.yaml", Config)).TalosFiles[0];
        var source = ExtraArgs.Sources(file, KubeComponent.ApiServer).First();
        var values = source.Args.SelectMany(a => a.Values).ToList();

        Assert.Equal(0, source.Document.Index);
        Assert.Equal(["profiling", "tls-cipher-suites", "tls-cipher-suites"], values.Select(v => v.Name));
        Assert.Equal(["true", "A", "B,C"], values.Select(v => v.Value));
        Assert.Equal(
            ["cluster.apiServer.extraArgs.profiling", "cluster.apiServer.extraArgs.tls-cipher-suites[0]", "cluster.apiServer.extraArgs.tls-cipher-suites[1]"],
            values.Select(v => v.Node.Path));
        Assert.Equal([7, 9, 10], values.Select(v => v.Node.Start.Line));
    }

    [Fact]
    public void The_v1_14_component_document_is_a_source_too()
    {
        var file = Yaml.Model(("cp.yaml", Config)).TalosFiles[0];
        var sources = ExtraArgs.Sources(file, KubeComponent.ApiServer).ToList();

        Assert.Equal(2, sources.Count);
        var own = Assert.Single(sources[1].ValuesOf("anonymous-auth"));
        Assert.Equal("extraArgs.anonymous-auth", own.Node.Path);
        Assert.Equal(1, sources[1].Document.Index);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("T", true)]
    [InlineData("False", false)]
    [InlineData("0", false)]
    [InlineData("yes", null)]
    public void Boolean_flags_parse_like_Go(string text, bool? expected) => Assert.Equal(expected, ExtraArgs.ParseFlagBool(text));
}
