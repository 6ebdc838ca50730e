namespace Talguard.Model.Talos;

/// <summary>Why Talos's strict decoder refuses a key.</summary>
public enum UnknownKeyReason
{
    /// <summary>No release in the model accepts the key there.</summary>
    NotATalosField,

    /// <summary>A later release accepts it (<see cref="UnknownKey.Field"/> says from when).</summary>
    NewerThanTarget,

    /// <summary>An earlier release accepted it, the target no longer does.</summary>
    RemovedBeforeTarget,

    /// <summary>The whole document's <c>kind</c> is unknown at the target.</summary>
    UnknownDocumentKind,
}

/// <summary>
/// A key Talos rejects: <see cref="Key"/> is the key node (where it starts), <see cref="Value"/> its value
/// (whose <see cref="YamlNode.Path"/> is the key's YAML path).
/// </summary>
public sealed record UnknownKey(YamlNode Key, YamlNode Value, UnknownKeyReason Reason, TalosField? Field)
{
    public string Path => Value.Path;
}

/// <summary>
/// Walks a located Talos document against <see cref="TalosModel"/> at a target release and yields every key
/// the node's strict decoder (<c>KnownFields(true)</c>) would reject. Free-form content (audit policy,
/// kubelet extraConfig, admission configuration) is not looked into, as Talos does not look into it either.
/// </summary>
public static class TalosDocumentValidator
{
    public static IReadOnlyList<UnknownKey> UnknownKeys(LocatedDocument document, TalosVersion target)
    {
        var found = new List<UnknownKey>();
        if (document.Root is not { IsMapping: true } root)
        {
            return found;
        }

        if (document.Class == DocumentClass.TalosDocument &&
            (!TalosModel.DocumentKinds.TryGetValue(document.Kind, out var kind) || !kind.ExistsIn(target)))
        {
            if (root["kind"] is { } kindNode)
            {
                found.Add(new UnknownKey(kindNode.KeyNode ?? kindNode, kindNode, UnknownKeyReason.UnknownDocumentKind, null));
            }

            return found;
        }

        if (TalosModel.Find(document) is { } model)
        {
            Walk(root, model.Shape, target, found, new YamlVisits());
        }

        return found;
    }

    /// <summary><c>$patch: delete</c> is a strategic-merge directive Talos's loader applies, not a field.</summary>
    private static bool IsDeleteDirective(YamlNode key, YamlNode value) => key.Value == "$patch" && value.AsString() == "delete";

    private static void Walk(YamlNode node, TalosShape shape, TalosVersion target, List<UnknownKey> found, YamlVisits visits)
    {
        if (!visits.Enter(node))
        {
            return;
        }

        switch (shape)
        {
            case ObjectShape fields when node.IsMapping:
                foreach (var (key, value) in node.Entries)
                {
                    var field = fields.Find(key.Value);
                    if (IsDeleteDirective(key, value))
                    {
                        continue;
                    }

                    if (field is null)
                    {
                        found.Add(new UnknownKey(key, value, UnknownKeyReason.NotATalosField, null));
                    }
                    else if (!field.ExistsIn(target))
                    {
                        var reason = field.FirstRelease is { } first && target < first ? UnknownKeyReason.NewerThanTarget : UnknownKeyReason.RemovedBeforeTarget;
                        found.Add(new UnknownKey(key, value, reason, field));
                    }
                    else
                    {
                        Walk(value, field.Shape, target, found, visits);
                    }
                }

                break;
            case MapShape map when node.IsMapping:
                foreach (var (_, value) in node.Entries)
                {
                    Walk(value, map.Values, target, found, visits);
                }

                break;
            case ListShape list when node.IsSequence:
                foreach (var item in node.Items)
                {
                    Walk(item, list.Items, target, found, visits);
                }

                break;
            default:
                break;
        }
    }
}
