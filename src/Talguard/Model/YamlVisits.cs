namespace Talguard.Model;

/// <summary>
/// What a recursive walk over a YAML tree has entered: a shared node (<see cref="YamlNode.IsShared"/>, an alias's
/// anchor or a merged entry) is entered once, so nine aliases of nine aliases cost nine visits, not 9^9.
/// Unshared nodes are not recorded: a walk of an alias-free document allocates nothing.
/// </summary>
public sealed class YamlVisits
{
    private HashSet<YamlNode>? _entered;

    /// <summary>True the first time a walk reaches <paramref name="node"/>; false when it is shared and was entered before.</summary>
    public bool Enter(YamlNode node) =>
        !node.IsShared || (_entered ??= new HashSet<YamlNode>(ReferenceEqualityComparer.Instance)).Add(node);
}
