using System.Text;
using Talguard.Formats;
using Talguard.Model;

namespace Talguard.Tests.Formats;

/// <summary>The framing of <c>talosctl get -o json</c>: concatenated pretty-printed objects, each value with its line and path.</summary>
public sealed class TalosctlJsonReaderTests
{
    private const string TwoNodes = """
        {
            "metadata": {
                "id": "securitystate",
                "namespace": "runtime",
                "type": "SecurityStates.talos.dev",
                "version": 1
            },
            "node": "10.5.0.2",
            "spec": {
                "secureBoot": true,
                "selinuxState": "enabled, enforcing"
            }
        }
        {
            "metadata": {
                "id": "securitystate",
                "namespace": "runtime",
                "type": "SecurityStates.talos.dev",
                "version": 1
            },
            "node": "10.5.0.3",
            "spec": {
                "secureBoot": false
            }
        }

        """;

    [Fact]
    public void Reads_each_concatenated_object_with_its_line()
    {
        var objects = Read(TwoNodes);

        Assert.Equal([1, 14], objects.Select(o => o.Line));
        Assert.Equal(["10.5.0.2", "10.5.0.3"], objects.Select(o => o["node"]!.AsString()));
        var enforcing = objects[0]["spec"]!["selinuxState"]!;
        Assert.Equal((11, 25, "spec.selinuxState", "enabled, enforcing"), (enforcing.Line, enforcing.Column, enforcing.Path, enforcing.AsString()));
        Assert.Equal(false, objects[1]["spec"]!["secureBoot"]!.AsBool());
        Assert.Null(objects[1]["spec"]!["selinuxState"]);
        Assert.Equal((TalosctlJsonKind.Number, "1"), (objects[0]["metadata"]!["version"]!.Kind, objects[0]["metadata"]!["version"]!.Text));
    }

    [Fact]
    public void Paths_of_list_items_and_dotted_keys_follow_findings_json()
    {
        var value = Read("""{"spec": {"keys": ["nodeID", "static"], "labels": {"talos.dev/owned": "x"}}}""")[0];

        Assert.Equal("spec.keys[1]", value["spec"]!["keys"]!.Items[1].Path);
        Assert.Equal("spec.labels[\"talos.dev/owned\"]", value["spec"]!["labels"]!["talos.dev/owned"]!.Path);
        Assert.Equal("[\"nodeID\", \"static\"]", value["spec"]!["keys"]!.Display());
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n  \n")]
    public void An_empty_file_holds_no_objects(string text) => Assert.Empty(Read(text));

    [Fact]
    public void A_truncated_file_names_the_object_left_open()
    {
        var cut = TwoNodes[..TwoNodes.IndexOf("\"secureBoot\": false", StringComparison.Ordinal)];

        var error = Assert.Throws<InputException>(() => Read(cut));

        Assert.Equal((14, "truncated: the object starting here is not closed before the end of the file"), (error.Line, error.Message));
    }

    [Theory]
    [InlineData("{\"a\": 1,,}", 1)]
    [InlineData("{\n\"a\": tru\n}", 2)]
    public void Malformed_json_names_its_line(string text, int line)
    {
        var error = Assert.Throws<InputException>(() => Read(text));

        Assert.Equal(line, error.Line);
        Assert.StartsWith("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("node: 10.5.0.2\nmetadata:\n", "not talosctl JSON output: expected '{'")]
    [InlineData("[{\"a\": 1}]", "not talosctl JSON output: expected '{'")]
    [InlineData("{\"a\": 1}\n\"text\"", "not talosctl JSON output: found a string where a resource object starts")]
    [InlineData("{\"a\": 1, \"a\": 2}", "duplicate key \"a\"")]
    public void Other_input_is_refused_with_a_reason(string text, string start)
    {
        var error = Assert.Throws<InputException>(() => Read(text));

        Assert.StartsWith(start, error.Message, StringComparison.Ordinal);
        Assert.Equal("f.json", error.File);
    }

    private static IReadOnlyList<TalosctlJsonValue> Read(string text) => TalosctlJsonReader.Read("f.json", Encoding.UTF8.GetBytes(text));
}
