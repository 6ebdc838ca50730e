using Talguard.Model;

namespace Talguard.Hardening.PodSecurity;

/// <summary>What an edit does at its place: set a scalar, set a list of strings, or remove the node.</summary>
public enum PodEditKind
{
    SetScalar,
    SetList,
    Remove,
}

/// <summary>
/// One change to a pod document: below <see cref="Base"/> (an existing node), follow <see cref="Keys"/>
/// (creating mappings as needed) and set or remove what is there.
/// </summary>
public sealed record PodEdit(YamlNode Base, IReadOnlyList<string> Keys, PodEditKind Kind, IReadOnlyList<string> Values)
{
    public string? Scalar => Kind == PodEditKind.SetScalar ? Values[0] : null;
}

/// <summary>The edits that remedy a pod's violations, collected check by check.</summary>
public sealed class PodEdits
{
    private readonly List<PodEdit> _edits = [];

    public IReadOnlyList<PodEdit> Items => _edits;

    public int Count => _edits.Count;

    public void Set(YamlNode node, string value, params string[] keys) =>
        _edits.Add(new PodEdit(node, keys, PodEditKind.SetScalar, [value]));

    public void SetList(YamlNode node, IReadOnlyList<string> values, params string[] keys) =>
        _edits.Add(new PodEdit(node, keys, PodEditKind.SetList, values));

    public void Remove(YamlNode node) => _edits.Add(new PodEdit(node, [], PodEditKind.Remove, []));

    /// <summary>Sets a pod-level <c>spec.securityContext</c> field.</summary>
    public void SetPodSecurity(PodView pod, string value, params string[] keys) =>
        Set(pod.Spec ?? pod.Anchor, value, [.. (pod.Spec is null ? new[] { "spec", "securityContext" } : ["securityContext"]), .. keys]);

    /// <summary>Sets a container <c>securityContext</c> field.</summary>
    public void SetContainerSecurity(ContainerView container, string value, params string[] keys) =>
        Set(container.Node, value, ["securityContext", .. keys]);
}
