using Talguard.Formats;
using Talguard.Model;
using Talguard.Model.Talos.Patching;

namespace Talguard.Evidence.Adapters;

/// <summary>
/// An evidence object as the project's YAML nodes, so the typed Talos views can read it: every node keeps its bundle
/// file, document (the object's index in the file), line, column and byte offset, and its path from the object
/// (<c>spec.config.readOnlyPort</c>). JSON strings become quoted scalars, numbers, booleans and null plain ones, so
/// each reads back with the type talosctl printed.
/// </summary>
internal static class EvidenceYaml
{
    public static YamlNode From(EvidenceResource resource) => Convert(resource.Root, new DocumentSource(resource.File, resource.Index));

    private static YamlNode Convert(TalosctlJsonValue value, DocumentSource source)
    {
        var start = new SourceMark(value.Line, value.Column, value.Offset);
        switch (value.Kind)
        {
            case TalosctlJsonKind.Object:
                var map = new YamlNode(YamlNodeType.Mapping, start, null) { Origin = source };
                var entries = new KeyValuePair<YamlNode, YamlNode>[value.Properties.Count];
                for (var i = 0; i < entries.Length; i++)
                {
                    var (name, member) = value.Properties[i];
                    var child = Convert(member, source);
                    // talosctl writes each key on the line of its value.
                    var key = new YamlNode(YamlNodeType.Scalar, start with { Line = member.Line, Column = Math.Max(1, member.Column - name.Length - 4) }, null)
                    {
                        Value = name,
                        Origin = source,
                    };
                    entries[i] = new(key, child);
                    map.AdoptEntry(key, child);
                }

                map.SetEntries(entries);
                return map;
            case TalosctlJsonKind.Array:
                var list = new YamlNode(YamlNodeType.Sequence, start, null) { Origin = source };
                var items = new YamlNode[value.Items.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = Convert(value.Items[i], source);
                    list.AdoptItem(items[i], i);
                }

                list.SetItems(items);
                return list;
            case TalosctlJsonKind.String:
                return new YamlNode(YamlNodeType.Scalar, start, null) { Value = value.Text, Origin = source };
            default:
                return new YamlNode(YamlNodeType.Scalar, start, null) { Value = value.Text, IsPlain = true, Origin = source };
        }
    }
}
