using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Model;

/// <summary>Merge keys (<c>&lt;&lt;</c>) resolve as Go's yaml.v3 decodes them for Talos and Kubernetes.</summary>
public class YamlMergeKeyTests
{
    private static YamlNode Root(string text) => Yaml.File("m.yaml", "apiVersion: v1\nkind: X\n" + text).Documents[0].Root!;

    private static string[] Keys(YamlNode mapping) => [.. mapping.Entries.Select(e => e.Key.Value)];

    [Fact]
    public void Merged_entries_take_the_merge_keys_place_and_keep_where_they_were_written()
    {
        var root = Root("""
            base: &base
              image: nginx
              hostPID: true
            pod:
              name: p
              <<: *base
              tail: t
            """);

        var pod = root["pod"]!;
        Assert.Equal(["name", "image", "hostPID", "tail"], Keys(pod));
        Assert.Equal("true", pod["hostPID"]!.Value);
        Assert.Equal(5, pod["hostPID"]!.Start.Line);
        Assert.Same(root.At("base", "hostPID"), pod["hostPID"]);
        Assert.True(pod["hostPID"]!.IsShared);
    }

    [Fact]
    public void Keys_written_in_the_mapping_win_over_merged_ones_wherever_they_stand()
    {
        var root = Root("""
            base: &base {a: merged, b: merged}
            before: {a: own, <<: *base}
            after: {<<: *base, a: own}
            """);

        Assert.Equal("own", root.At("before", "a")!.Value);
        Assert.Equal("own", root.At("after", "a")!.Value);
        Assert.Equal("merged", root.At("after", "b")!.Value);
        Assert.Single(root["after"]!.Entries, e => e.Key.Value == "a");
    }

    [Fact]
    public void Of_a_list_of_mappings_the_earlier_wins()
    {
        var root = Root("""
            one: &one {k: first, only1: x}
            two: &two {k: second, only2: y}
            both:
              <<: [*one, *two, {k: third, only3: z}]
            """);

        var both = root["both"]!;
        Assert.Equal("first", both["k"]!.Value);
        Assert.Equal(["k", "only1", "only2", "only3"], Keys(both));
    }

    [Fact]
    public void A_merged_mapping_brings_its_own_merged_entries()
    {
        var root = Root("""
            inner: &inner {deep: 1}
            outer: &outer {<<: *inner, shallow: 2}
            use: {<<: *outer}
            """);

        Assert.Equal(["deep", "shallow"], Keys(root["use"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Only_the_last_merge_key_of_a_mapping_counts()
    {
        var root = Root("""
            a: &a {x: from-a}
            b: &b {y: from-b}
            m: {<<: *a, <<: *b}
            """);

        Assert.Equal(["y"], Keys(root["m"]!));
    }

    [Theory]
    [InlineData("m: {\"<<\": {x: 1}}")]
    [InlineData("m: {'<<': {x: 1}}")]
    [InlineData("m: {!!str <<: {x: 1}}")]
    public void A_quoted_or_string_tagged_key_is_an_ordinary_key(string text)
    {
        var m = Root(text)["m"]!;
        Assert.Equal(["<<"], Keys(m));
    }

    [Fact]
    public void A_merge_tagged_key_merges() =>
        Assert.Equal(["x"], Keys(Root("m: {!!merge <<: {x: 1}}")["m"]!));

    [Theory]
    [InlineData("m:\n  <<: scalar\n", 4)]
    [InlineData("m:\n  <<:\n", 4)]
    [InlineData("s: &s [{a: 1}]\nm:\n  <<: *s\n", 5)]
    [InlineData("m:\n  <<: [{a: 1}, plain]\n", 4)]
    [InlineData("v: &v text\nm:\n  <<: [*v]\n", 5)]
    public void A_merge_value_that_is_not_a_mapping_or_a_list_of_them_is_an_input_error_at_its_line(string text, int line)
    {
        var error = Assert.Throws<InputException>(() => Root(text));
        Assert.Equal("map merge requires map or sequence of maps as the value", error.Message);
        Assert.Equal(("m.yaml", line), (error.File, error.Line));
    }

    [Fact]
    public void A_list_of_mappings_written_in_place_merges()
    {
        var m = Root("m:\n  <<: [{a: 1}, {b: 2}]\n")["m"]!;
        Assert.Equal(["a", "b"], Keys(m));
    }
}
