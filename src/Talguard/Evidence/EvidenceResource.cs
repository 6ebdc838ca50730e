using Talguard.Findings;
using Talguard.Formats;
using Talguard.Model;

namespace Talguard.Evidence;

/// <summary>
/// One object of a <c>talos/&lt;resource&gt;.json</c> file: one resource of one node, as talosctl printed it
/// (<c>{"metadata": {...}, "node": "10.5.0.2", "spec": ...}</c>), with where it is in the bundle.
/// </summary>
internal sealed class EvidenceResource
{
    public EvidenceResource(TalosResourceKind? kind, string resource, string file, int index, BundleNode node, TalosctlJsonValue root)
    {
        Kind = kind;
        Resource = resource;
        File = file;
        Index = index;
        Node = node;
        Root = root;
        var metadata = root["metadata"]!;
        Namespace = metadata["namespace"]!.Text;
        Type = metadata["type"]!.Text;
        Id = metadata["id"]!.Text;
        Spec = root["spec"]!;
    }

    /// <summary>What the bundle contract knows of this resource; null for a file outside it.</summary>
    public TalosResourceKind? Kind { get; }

    /// <summary>The talosctl resource name (the file's name without <c>.json</c>).</summary>
    public string Resource { get; }

    /// <summary>The bundle file, as reports name it (the bundle path as given, then <c>talos/&lt;resource&gt;.json</c>).</summary>
    public string File { get; }

    /// <summary>0-based position of the object in its file (the <c>document</c> of a finding's location).</summary>
    public int Index { get; }

    public BundleNode Node { get; }

    /// <summary>The whole object: <c>metadata</c>, <c>node</c>, <c>spec</c>.</summary>
    public TalosctlJsonValue Root { get; }

    public string Namespace { get; }

    /// <summary><c>metadata.type</c>, e.g. <c>SecurityStates.talos.dev</c>.</summary>
    public string Type { get; }

    /// <summary><c>metadata.id</c>, e.g. <c>STATE</c> or <c>proc.sys.kernel.kptr_restrict</c>.</summary>
    public string Id { get; }

    /// <summary><c>spec</c>: an object, or the machine config's YAML as a string.</summary>
    public TalosctlJsonValue Spec { get; }

    public int Line => Root.Line;

    /// <summary>The spec member named <paramref name="key"/>, or null when talosctl left it out (a zero value).</summary>
    public TalosctlJsonValue? this[string key] => Spec[key];

    /// <summary>Where <paramref name="value"/> (a value of this object) is in the bundle, with its path from the object.</summary>
    public Location At(TalosctlJsonValue value) => new(File, value.Line, value.Column, value.Offset, Index, Type, value.Path);

    /// <summary>
    /// Where spec field <paramref name="key"/> is, or, when talosctl left it out, where it belongs: the place of
    /// <c>spec</c> with the field's path.
    /// </summary>
    public Location AtField(string key) =>
        Spec[key] is { } value ? At(value) : new(File, Spec.Line, Spec.Column, Spec.Offset, Index, Type, YamlPath.Child(Spec.Path, key));

    /// <summary>How messages name the object: <c>volumestatus EPHEMERAL</c>, or <c>securitystate</c> for a singleton named after its resource.</summary>
    public string Describe() => Id == Resource ? Resource : Resource + " " + Id;

    public override string ToString() => $"{File}:{Line} {Node.Address} {Describe()}";
}
