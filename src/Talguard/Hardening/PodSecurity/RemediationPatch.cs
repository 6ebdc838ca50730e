using System.Globalization;
using System.Text;
using Talguard.Model;

namespace Talguard.Hardening.PodSecurity;

/// <summary>
/// Renders remedy edits as a strategic-merge style YAML patch from the document root: list items are
/// matched by <c>name</c> (containers), removals are listed as comments naming the path to delete.
/// </summary>
public static class RemediationPatch
{
    public static string? Render(IReadOnlyList<PodEdit> edits)
    {
        if (edits.Count == 0)
        {
            return null;
        }

        var builder = new StringBuilder();
        var root = new PatchNode();
        foreach (var edit in edits)
        {
            if (edit.Kind == PodEditKind.Remove)
            {
                builder.Append("# remove ").Append(edit.Base.Path).Append('\n');
                continue;
            }

            var node = root;
            foreach (var ancestor in Ancestors(edit.Base))
            {
                node = ancestor.KeyInParent is { } key
                    ? node.Child(key)
                    : node.Item(ancestor["name"]?.AsString() ?? "#" + ancestor.IndexInParent.ToString(CultureInfo.InvariantCulture));
            }

            foreach (var key in edit.Keys)
            {
                node = node.Child(key);
            }

            node.Values = edit.Values;
            node.IsList = edit.Kind == PodEditKind.SetList;
        }

        root.Write(builder, 0);
        return builder.ToString();
    }

    private static List<YamlNode> Ancestors(YamlNode node)
    {
        var chain = new List<YamlNode>();
        for (var current = node; current.Parent is not null; current = current.Parent)
        {
            chain.Add(current);
        }

        chain.Reverse();
        return chain;
    }

    private sealed class PatchNode
    {
        private readonly List<(string Key, PatchNode Node)> _children = [];

        /// <summary>Set when this node is a list item (the item's name; <c>#N</c> when it has none).</summary>
        public string? ItemName { get; private init; }

        public IReadOnlyList<string>? Values { get; set; }

        public bool IsList { get; set; }

        public PatchNode Child(string key)
        {
            foreach (var (existing, node) in _children)
            {
                if (existing == key && node.ItemName is null)
                {
                    return node;
                }
            }

            var child = new PatchNode();
            _children.Add((key, child));
            return child;
        }

        /// <summary>A list item of the sequence this node holds, found by name.</summary>
        public PatchNode Item(string name)
        {
            foreach (var (_, node) in _children)
            {
                if (node.ItemName == name)
                {
                    return node;
                }
            }

            var item = new PatchNode { ItemName = name };
            _children.Add((string.Empty, item));
            return item;
        }

        public void Write(StringBuilder builder, int indent)
        {
            var pad = new string(' ', indent);
            foreach (var (key, node) in _children)
            {
                if (node.ItemName is { } name)
                {
                    builder.Append(pad).Append("- ");
                    builder.Append(name.StartsWith('#') ? "{}" : "name: " + name).Append('\n');
                    node.Write(builder, indent + 2);
                    continue;
                }

                builder.Append(pad).Append(key).Append(':');
                if (node.Values is { } values)
                {
                    builder.Append(node.IsList ? " [" + string.Join(", ", values) + "]" : " " + values[0]).Append('\n');
                }
                else
                {
                    builder.Append('\n');
                    node.Write(builder, node._children.Count > 0 && node._children[0].Node.ItemName is not null ? indent : indent + 2);
                }
            }
        }
    }
}
