using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using Talguard.Model;

namespace Talguard.Hardening.PodSecurity;

/// <summary>
/// A mutable copy of one YAML document for applying remedy edits, written back with YamlDotNet's
/// emitter. Scalars keep plain versus quoted style (multi-line text becomes a literal block); comments
/// inside an edited document are not kept.
/// </summary>
internal sealed class EditableYaml
{
    private readonly Dictionary<YamlNode, Node> _copies = new(ReferenceEqualityComparer.Instance);
    private readonly Node _root;

    public EditableYaml(YamlNode root)
    {
        _root = Copy(root);
    }

    public void Apply(PodEdit edit)
    {
        if (!_copies.TryGetValue(edit.Base, out var target))
        {
            return;
        }

        if (edit.Kind == PodEditKind.Remove)
        {
            if (edit.Base.Parent is { } parent && _copies.TryGetValue(parent, out var container))
            {
                container.Entries.RemoveAll(e => ReferenceEquals(e.Value, target));
                container.Items.Remove(target);
            }

            return;
        }

        for (var i = 0; i < edit.Keys.Count - 1; i++)
        {
            target = target.MappingAt(edit.Keys[i]);
        }

        var value = edit.Kind == PodEditKind.SetList
            ? new Node(YamlNodeType.Sequence) { Items = [.. edit.Values.Select(v => Node.Plain(v))] }
            : Node.Plain(edit.Values[0]);
        target.Set(edit.Keys[^1], value);
    }

    public string Emit()
    {
        using var writer = new StringWriter();
        var emitter = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 1024, false, false, "\n", false));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, _root);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private Node Copy(YamlNode source)
    {
        if (_copies.TryGetValue(source, out var existing))
        {
            return existing;
        }

        var copy = new Node(source.Type) { Value = source.Value, Tag = source.Tag, Quoted = !source.IsPlain };
        _copies[source] = copy;
        foreach (var (key, value) in source.Entries)
        {
            copy.Entries.Add((Copy(key), Copy(value)));
        }

        foreach (var item in source.Items)
        {
            copy.Items.Add(Copy(item));
        }

        return copy;
    }

    private static void Emit(IEmitter emitter, Node node)
    {
        switch (node.Type)
        {
            case YamlNodeType.Mapping:
                emitter.Emit(new MappingStart(AnchorName.Empty, Tag(node), node.Tag is null, MappingStyle.Block));
                foreach (var (key, value) in node.Entries)
                {
                    Emit(emitter, key);
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case YamlNodeType.Sequence:
                emitter.Emit(new SequenceStart(AnchorName.Empty, Tag(node), node.Tag is null, SequenceStyle.Block));
                foreach (var item in node.Items)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            default:
                var style = !node.Quoted ? ScalarStyle.Plain : node.Value.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal : ScalarStyle.DoubleQuoted;
                emitter.Emit(new Scalar(AnchorName.Empty, Tag(node), node.Value, style, node.Tag is null, node.Tag is null));
                break;
        }
    }

    private static TagName Tag(Node node) => node.Tag is null ? TagName.Empty : new TagName(node.Tag);

    private sealed class Node(YamlNodeType type)
    {
        public YamlNodeType Type { get; private set; } = type;

        public string Value { get; init; } = string.Empty;

        public string? Tag { get; init; }

        public bool Quoted { get; init; }

        public List<(Node Key, Node Value)> Entries { get; } = [];

        public List<Node> Items { get; init; } = [];

        public static Node Plain(string value) => new(YamlNodeType.Scalar) { Value = value };

        /// <summary>The mapping under <paramref name="key"/>, replacing a null or scalar there by an empty mapping.</summary>
        public Node MappingAt(string key)
        {
            var index = IndexOf(key);
            if (index >= 0 && Entries[index].Value.Type == YamlNodeType.Mapping)
            {
                return Entries[index].Value;
            }

            var mapping = new Node(YamlNodeType.Mapping);
            Set(key, mapping);
            return mapping;
        }

        public void Set(string key, Node value)
        {
            if (Type != YamlNodeType.Mapping)
            {
                Type = YamlNodeType.Mapping;
                Items.Clear();
            }

            var index = IndexOf(key);
            if (index >= 0)
            {
                Entries[index] = (Entries[index].Key, value);
            }
            else
            {
                Entries.Add((Plain(key), value));
            }
        }

        private int IndexOf(string key) => Entries.FindLastIndex(e => e.Key.Value == key);
    }
}
