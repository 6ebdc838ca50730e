namespace Talguard.Model.Talos;

/// <summary>
/// A value whose YAML shape Talos's decoder cannot read into its field: a string or number where it reads a list or a
/// mapping (e.g. a <c>${SUBNETS}</c> placeholder left in <c>validSubnets</c>), a list or a mapping where it reads a scalar.
/// </summary>
/// <param name="Value">The offending value (its path is the field's).</param>
/// <param name="Expected">What Talos reads there, in words (<c>a list of strings</c>).</param>
public sealed record ValueTypeMismatch(YamlNode Value, string Expected);

/// <summary>
/// The type checks Talos's decoder (yaml.v3 into the config's Go types) makes, over the value shapes of <see cref="TalosModel"/>,
/// which <c>TalosModelSchemaTests</c> keeps equal to the published JSON schemas of v1.11 to v1.14 (so the table of expected
/// types is the model, built into the product). Scalars convert to any scalar field the way Talos's decoder converts them,
/// so only the container shape is judged. A null value decodes to the zero value and is never a mismatch; free-form content
/// (audit policy, kubelet extraConfig) and keys unknown at the target (TG-CONF-001) are not looked into.
/// </summary>
public static class ValueTypes
{
    /// <summary>The first release whose <c>extraArgs</c> take a list of strings for a repeated flag.</summary>
    public static readonly TalosVersion ArgListsSince = new(1, 13);

    public static IReadOnlyList<ValueTypeMismatch> Mismatches(LocatedDocument document, TalosVersion target)
    {
        var found = new List<ValueTypeMismatch>();
        if (document.Root is { IsMapping: true } root && TalosModel.Find(document) is { } model && model.ExistsIn(target))
        {
            Walk(root, model.Shape, target, found, new YamlVisits());
        }

        return found;
    }

    /// <summary>What Talos reads for <paramref name="shape"/>, as a message says it.</summary>
    public static string Describe(TalosShape shape, TalosVersion target) => shape switch
    {
        ScalarShape scalar => scalar.Kind switch
        {
            ScalarKind.Integer => "an integer",
            ScalarKind.Boolean => "a boolean",
            ScalarKind.Number => "a number",
            ScalarKind.IntegerOrString => "an integer or a string",
            _ => "a string",
        },
        ObjectShape => "a mapping of fields",
        MapShape map => "a map of " + Plural(map.Values, target),
        ListShape list => "a list of " + Plural(list.Items, target),
        ArgValueShape => target >= ArgListsSince ? "a string or a list of strings" : $"a string (lists from Talos {ArgListsSince})",
        _ => "any value",
    };

    private static string Plural(TalosShape shape, TalosVersion target) => shape switch
    {
        ScalarShape scalar => scalar.Kind switch
        {
            ScalarKind.Integer => "integers",
            ScalarKind.Boolean => "booleans",
            ScalarKind.Number => "numbers",
            ScalarKind.IntegerOrString => "integers or strings",
            _ => "strings",
        },
        ObjectShape => "mappings",
        MapShape => "maps",
        ListShape => "lists",
        ArgValueShape => target >= ArgListsSince ? "strings or lists of strings" : "strings",
        _ => "values",
    };

    private static void Walk(YamlNode node, TalosShape shape, TalosVersion target, List<ValueTypeMismatch> found, YamlVisits visits)
    {
        if (node.IsNull || IsDeleteDirective(node) || !visits.Enter(node))
        {
            return;
        }

        if (!Fits(node, shape, target))
        {
            found.Add(new ValueTypeMismatch(node, Describe(shape, target)));
            return;
        }

        switch (shape)
        {
            case ObjectShape fields:
                foreach (var (key, value) in node.Entries)
                {
                    if (fields.Find(key.Value) is { } field && field.ExistsIn(target))
                    {
                        Walk(value, field.Shape, target, found, visits);
                    }
                }

                break;
            case MapShape map:
                foreach (var (_, value) in node.Entries)
                {
                    Walk(value, map.Values, target, found, visits);
                }

                break;
            case ListShape list:
                foreach (var item in node.Items)
                {
                    Walk(item, list.Items, target, found, visits);
                }

                break;
            case ArgValueShape when node.IsSequence:
                foreach (var item in node.Items.Where(i => !i.IsNull && !i.IsScalar))
                {
                    found.Add(new ValueTypeMismatch(item, "a string"));
                }

                break;
        }
    }

    private static bool Fits(YamlNode node, TalosShape shape, TalosVersion target) => shape switch
    {
        ObjectShape or MapShape => node.IsMapping,
        ListShape => node.IsSequence,
        ScalarShape => node.IsScalar,
        ArgValueShape => node.IsScalar || (node.IsSequence && target >= ArgListsSince),
        _ => true,
    };

    /// <summary>
    /// A mapping holding <c>$patch: delete</c>: a strategic-merge directive that removes the field, whatever its type.
    /// <c>$$patch</c> is how talhelper projects write it (envsubst turns <c>$$</c> into <c>$</c>), even in a patch file read alone.
    /// </summary>
    private static bool IsDeleteDirective(YamlNode node) => node.IsMapping && (node["$patch"] ?? node["$$patch"])?.AsString() == "delete";
}
