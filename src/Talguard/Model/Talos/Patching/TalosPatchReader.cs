namespace Talguard.Model.Talos.Patching;

/// <summary>
/// Reads a patch file the way Talos's <c>configpatcher.LoadPatch</c> tells the two forms apart: YAML documents that are
/// mappings form a strategic-merge patch; a single list is JSON 6902 operations (JSON is YAML, so both spellings read
/// alike). <c>$patch: delete</c> becomes <see cref="DeleteMarker"/>s as Talos's decoder finds them
/// (<c>pkg/machinery/config/configloader/internal/decoder/delete.go</c>). A malformed patch is an
/// <see cref="InputException"/> at its line.
/// </summary>
internal static class TalosPatchReader
{
    private const string PatchKey = "$patch";

    public static TalosConfigPatch Read(string displayPath, string text)
    {
        var roots = YamlStreamReader.Read(displayPath, new StringReader(text))
            .Select(d => d.Root)
            .Where(r => r is not null && !r.IsNull)
            .Cast<YamlNode>()
            .ToList();
        if (roots is [{ IsSequence: true } list])
        {
            return TalosConfigPatch.Json6902(displayPath, [.. list.Items.Select(item => ReadOperation(displayPath, item))]);
        }

        var documents = new List<TalosPatchDocument>();
        foreach (var root in roots)
        {
            var document = ReadDocument(displayPath, root);
            if (documents.Any(d => d.Target == document.Target && d.DeletesDocument == document.DeletesDocument))
            {
                throw new InputException(displayPath, root.Start.Line, $"duplicate patch document {document.Target}");
            }

            documents.Add(document);
        }

        return TalosConfigPatch.StrategicMerge(displayPath, documents);
    }

    private static TalosPatchDocument ReadDocument(string file, YamlNode root)
    {
        if (!root.IsMapping)
        {
            throw new InputException(file, root.Start.Line, "a patch document must be a mapping (strategic merge) or a list of JSON 6902 operations");
        }

        var content = new ConfigMapping { Line = root.Start.Line };
        var deletesDocument = false;
        foreach (var (key, value) in root.Entries)
        {
            if (key.Value == PatchKey)
            {
                deletesDocument = IsDeleteDirective(file, value);
            }
            else if (!key.IsMergeKey)
            {
                content[key.Value] = Convert(file, value, key.Value, underList: false);
            }
        }

        var target = TalosDocumentSelector.Of(content)
            ?? throw new InputException(file, root.Start.Line, "patch document needs both apiVersion and kind, or the v1alpha1 keys (version, machine, cluster)");
        if (deletesDocument && target.IsMain)
        {
            throw new InputException(file, root.Start.Line, "the main v1alpha1 document cannot be deleted");
        }

        return deletesDocument ? TalosPatchDocument.Delete(target) : new TalosPatchDocument(target, content);
    }

    private static ConfigNode Convert(string file, YamlNode node, string path, bool underList)
    {
        switch (node.Type)
        {
            case YamlNodeType.Sequence:
                var items = new List<ConfigNode>();
                foreach (var item in node.Items)
                {
                    items.Add(item.IsMapping && item[PatchKey] is { } directive && IsDeleteDirective(file, directive)
                        ? ItemDelete(file, item, path)
                        : Convert(file, item, path + "[]", underList: true));
                }

                return new ConfigSequence(items) { Line = node.Start.Line };
            case YamlNodeType.Mapping:
                if (node[PatchKey] is { } marker && IsDeleteDirective(file, marker))
                {
                    if (underList)
                    {
                        throw new InputException(file, marker.Start.Line, $"cannot delete an inner key of a list item ({path})");
                    }

                    return new DeleteMarker { Line = node.Start.Line };
                }

                var mapping = new ConfigMapping { Line = node.Start.Line };
                foreach (var (key, value) in node.Entries)
                {
                    if (!key.IsMergeKey)
                    {
                        mapping[key.Value] = Convert(file, value, path + "." + key.Value, underList);
                    }
                }

                return mapping;
            default:
                return ConfigScalar.FromYamlScalar(node);
        }
    }

    /// <summary>A list item marked for deletion: Talos selects the item to delete by the item's first other key and value.</summary>
    private static DeleteMarker ItemDelete(string file, YamlNode item, string path)
    {
        foreach (var (key, value) in item.Entries)
        {
            if (key.Value != PatchKey)
            {
                return value.IsScalar
                    ? new DeleteMarker(key.Value, value.Value) { Line = item.Start.Line }
                    : throw new InputException(file, value.Start.Line, $"a list item to delete is selected by a scalar key ({path}.{key.Value})");
            }
        }

        throw new InputException(file, item.Start.Line, $"a list item to delete needs a key to select it by ({path})");
    }

    /// <summary>True for <c>$patch: delete</c>; any other <c>$patch</c> is an error, as Talos's strict decoder rejects it.</summary>
    private static bool IsDeleteDirective(string file, YamlNode value) =>
        value is { IsScalar: true, Value: "delete" }
            ? true
            : throw new InputException(file, value.Start.Line, "unsupported $patch directive (Talos knows only $patch: delete)");

    private static JsonPatchOperation ReadOperation(string file, YamlNode item)
    {
        if (!item.IsMapping)
        {
            throw new InputException(file, item.Start.Line, "a JSON 6902 operation must be a mapping with op and path");
        }

        var operation = item["op"]?.AsString() switch
        {
            "add" => JsonPatchOperationKind.Add,
            "remove" => JsonPatchOperationKind.Remove,
            "replace" => JsonPatchOperationKind.Replace,
            null => throw new InputException(file, item.Start.Line, "JSON 6902 operation without op"),
            _ => throw new InputException(file, item["op"]!.Start.Line, "unsupported JSON 6902 op (add, remove and replace are supported)"),
        };
        var path = item["path"] is { IsScalar: true } pathNode && pathNode.AsString() is { } text
            ? text
            : throw new InputException(file, item.Start.Line, "JSON 6902 operation without a path");
        if (path.Length > 0 && path[0] != '/')
        {
            throw new InputException(file, item["path"]!.Start.Line, "JSON pointer must be empty or start with '/'");
        }

        var value = item["value"];
        if (operation != JsonPatchOperationKind.Remove && value is null)
        {
            throw new InputException(file, item.Start.Line, $"JSON 6902 {item["op"]!.Value} operation without a value");
        }

        return new JsonPatchOperation(operation, path, value is null ? null : ConfigNode.FromYaml(value), item.Start.Line);
    }
}
