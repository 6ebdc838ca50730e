using System.Text;
using Talguard.Findings;
using Talguard.Hardening.Config;
using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Model;

/// <summary>
/// Aliases as Go's yaml.v3 decodes them: an anchor that contains itself and excessive aliasing are input errors,
/// and every walk enters a shared node once.
/// </summary>
public class YamlAliasTests
{
    [Theory]
    [InlineData("a: &x [*x]\n", 3)]
    [InlineData("b: &x {k: *x}\n", 3)]
    [InlineData("c: &x\n  - deeper:\n      - *x\n", 5)]
    public void An_anchor_that_contains_itself_is_an_input_error_naming_file_and_line(string text, int line)
    {
        var error = Assert.Throws<InputException>(() => Yaml.File("self.yaml", "apiVersion: v1\nkind: X\n" + text));
        Assert.Equal(("self.yaml", line, "anchor 'x' value contains itself"), (error.File, error.Line, error.Message));
    }

    [Fact]
    public void Nesting_reached_through_aliases_is_held_to_the_depth_cap()
    {
        // Each anchor nests 200 levels and ends in an alias of the one before: every walk would follow the chain down.
        var text = new StringBuilder("apiVersion: v1\nkind: X\n");
        for (var level = 0; level < 3; level++)
        {
            text.Append($"l{level}: &l{level} ").Append('[', 200).Append(level == 0 ? "leaf" : $"*l{level - 1}").Append(']', 200).Append('\n');
        }

        var error = Assert.Throws<InputException>(() => Yaml.File("chain.yaml", text.ToString()));
        Assert.Equal(($"YAML nested deeper than {YamlStreamReader.MaxDepth} levels (through aliases)", 4), (error.Message, error.Line));
    }

    [Fact]
    public void An_alias_to_a_finished_sibling_is_shared_not_copied()
    {
        var root = Yaml.File("a.yaml", "apiVersion: v1\nkind: X\na: &x {k: v}\nb: *x\n").Documents[0].Root!;
        Assert.Same(root["a"], root["b"]);
        Assert.True(root["a"]!.IsShared);
        Assert.False(root["a"]!["k"]!.IsShared);
    }

    /// <summary>Nine levels of nine aliases: a few hundred bytes that would decode to 9^9 nodes.</summary>
    private static string BillionLaughs()
    {
        var text = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level <= 8; level++)
        {
            text.Append($"l{level}: &l{level} [").AppendJoin(", ", Enumerable.Repeat($"*l{level - 1}", 9)).Append("]\n");
        }

        return text.ToString();
    }

    [Fact]
    public void An_alias_bomb_is_excessive_aliasing()
    {
        var error = Assert.Throws<InputException>(() => Yaml.File("bomb.yaml", BillionLaughs()));
        Assert.Equal("document contains excessive aliasing", error.Message);
        Assert.Equal("bomb.yaml", error.File);
        Assert.InRange(error.Line, 4, 11);
    }

    [Fact]
    public void Aliasing_within_go_yamls_budget_is_read()
    {
        // 400 aliases of a 41-node mapping: about 17,000 decoded nodes, 97% of them through aliases.
        var text = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nbase: &b {")
            .AppendJoin(", ", Enumerable.Range(0, 20).Select(i => $"k{i}: v"))
            .Append("}\nuses:\n");
        for (var i = 0; i < 400; i++)
        {
            text.Append("  - *b\n");
        }

        var uses = Yaml.File("ok.yaml", text.ToString()).Documents[0].At("uses")!;
        Assert.Equal(400, uses.Items.Count);
    }

    [Fact]
    public void The_budget_is_per_document()
    {
        var document = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nbase: &b {")
            .AppendJoin(", ", Enumerable.Range(0, 20).Select(i => $"k{i}: v"))
            .Append("}\nuses: [").AppendJoin(", ", Enumerable.Repeat("*b", 7000)).Append("]\n---\n").ToString();

        // Each document alone is within budget (about 294,000 nodes, 97.6% aliased); three together would not be.
        var file = Yaml.File("docs.yaml", string.Concat(Enumerable.Repeat(document, 3)));
        Assert.Equal(3, file.Documents.Count(d => d.Class != DocumentClass.Empty));
    }

    [Fact]
    public void A_duplicate_key_inside_a_shared_mapping_is_reported_once()
    {
        var config = """
            version: v1alpha1
            machine:
              type: worker
              nodeLabels: &labels
                zone: a
                zone: b
              nodeAnnotations: *labels
              nodeTaints:
                <<: *labels
            cluster:
              clusterName: *labels
            """;

        var findings = Yaml.Check(new DuplicateKeyRule(), ("w.yaml", config));

        var finding = Assert.Single(findings);
        Assert.Equal(6, finding.Location.Line);
    }

    [Fact]
    public void An_unknown_key_inside_a_shared_mapping_is_reported_once()
    {
        var config = """
            version: v1alpha1
            machine:
              type: worker
              network:
                interfaces:
                  - &eth0
                    interface: eth0
                    notATalosField: 1
                  - *eth0
                  - *eth0
            """;

        var findings = Yaml.Check(new UnknownKeyRule(), ("w.yaml", config));

        var finding = Assert.Single(findings);
        Assert.Equal(8, finding.Location.Line);
    }

    [Fact]
    public void A_wide_shared_tree_within_budget_is_walked_once_per_node()
    {
        // Six levels of six aliases: 6^6 = 46,656 copies of a mapping with a duplicate key, about 360,000 nodes
        // when expanded, with enough plain nodes to stay within Go's budget. Each walk enters each shared node once.
        var text = new StringBuilder("version: v1alpha1\nmachine:\n  type: worker\n  padding: [")
            .AppendJoin(", ", Enumerable.Repeat("0", 6000))
            .Append("]\n  nodeLabels: &l0 {zone: a, zone: b}\n");
        for (var level = 1; level <= 6; level++)
        {
            text.Append($"  l{level}: &l{level} [").AppendJoin(", ", Enumerable.Repeat($"*l{level - 1}", 6)).Append("]\n");
        }

        var findings = Yaml.Check(new DuplicateKeyRule(), ("wide.yaml", text.ToString()));

        Assert.Single(findings, f => f.RuleId == DuplicateKeyRule.Definition.Id);
    }
}
