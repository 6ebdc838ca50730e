using Talguard.Hardening.AuditLogging.Detection;
using Talguard.Model.Talos.Patching;
using static Talguard.Tests.Model.Talos.Patching.PatchingTestKit;

namespace Talguard.Tests.Model.Talos.Patching;

/// <summary>Multi-line strings marked <see cref="ConfigScalar.PreferLiteral"/> are written as <c>|</c> blocks that read back unchanged.</summary>
public class ConfigYamlWriterLiteralTests
{
    [Theory]
    [InlineData("one\ntwo\n", " |\n")]
    [InlineData("one\ntwo", " |-\n")]
    [InlineData("one\ntwo\n\n\n", " |+\n")]
    [InlineData("- rule: x\n  condition: >\n    a and b\n\n# comment: yes\n---\nkey: \"value\" # not a comment\n", " |\n")]
    [InlineData("tab\tinside\n  indented later\n   \nlast", " |-\n")]
    [InlineData("ends with spaces   \n", " |\n")]
    public void A_multi_line_string_is_a_block_that_reads_back_the_same(string text, string header)
    {
        var written = Write(text);
        Assert.StartsWith("data:\n  rules:" + header, written, StringComparison.Ordinal);
        Assert.Equal(text, ReadBack(written));
        Assert.Equal(written, ConfigYamlWriter.Write([ConfigMapping.Of(("data", ConfigMapping.Of(("rules", ConfigScalar.Literal(ReadBack(written)!)))))]));
    }

    [Theory]
    [InlineData("one line")]
    [InlineData(" leading space\nsecond")]
    [InlineData("\nleading break")]
    [InlineData("carriage\r\nreturn\n")]
    [InlineData("bell\u0007\n")]
    public void Text_a_block_cannot_hold_as_written_stays_quoted(string text)
    {
        var written = Write(text);
        Assert.DoesNotContain("rules: |", written, StringComparison.Ordinal);
        Assert.Equal(text, ReadBack(written));
    }

    [Fact]
    public void A_block_in_a_list_item_is_indented_under_the_dash()
    {
        var written = ConfigYamlWriter.Write([ConfigMapping.Of(("items", new ConfigSequence([ConfigScalar.Literal("a\nb\n")])))]);
        Assert.Equal("items:\n  - |\n    a\n    b\n", written);
        var item = ((ConfigSequence)Documents(written)[0]["items"]!).Items[0];
        Assert.Equal("a\nb\n", ((ConfigScalar)item).Text);
    }

    [Fact]
    public void The_built_in_falco_rules_round_trip()
    {
        var text = DetectionRuleSet.BuiltInRulesFile.Text;
        Assert.Equal(text, ReadBack(Write(text)));
    }

    [Fact]
    public void Plain_strings_are_written_as_before()
    {
        var written = ConfigYamlWriter.Write([ConfigMapping.Of(("a", ConfigScalar.String("x\ny")))]);
        Assert.Equal("a: \"x\\ny\"\n", written);
    }

    [Fact]
    public void A_root_list_is_written_as_one_document()
    {
        var written = ConfigYamlWriter.Write(new ConfigSequence([ConfigMapping.Of(("job_name", ConfigScalar.String("etcd"))), ConfigScalar.String("x")]));
        Assert.Equal("- job_name: etcd\n- x\n", written);
    }

    private static string Write(string text) =>
        ConfigYamlWriter.Write([ConfigMapping.Of(("data", ConfigMapping.Of(("rules", ConfigScalar.Literal(text)))))]);

    private static string? ReadBack(string yaml) => (((ConfigMapping)Documents(yaml)[0]["data"]!)["rules"] as ConfigScalar)?.Text;
}
