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

    public static TalosConfigPatch Read(string displayPath, string text) =>
        Read(displayPath, YamlStreamReader.Read(displayPath, new StringReader(text)).Select(d => (d.Index, d.Root)));

    /// <summary>A patch file loaded by <see cref="InputLoader"/>; its nodes keep their file, document and positions as origins.</summary>
    public static TalosConfigPatch Read(SourceFile file) => Read(file.DisplayPath, file.Documents.Select(d => (d.Index, d.Root)));

    private static TalosConfigPatch Read(string displayPath, IEnumerable<(int Index, YamlNode? Root)> parsed)
    {
        var roots = parsed.Where(d => d.Root is not null && !d.Root.IsNull).Select(d => (d.Index, Root: d.Root!)).ToList();
        if (roots is [(var listIndex, { IsSequence: true } list)])
        {
            var listSource = new DocumentSource(displayPath, listIndex);
            return TalosConfigPatch.Json6902(displayPath, [.. list.Items.Select(item => ReadOperation(displayPath, item, listSource))]);
        }

        var documents = new List<TalosPatchDocument>();
        foreach (var (index, root) in roots)
        {
            var document = ReadDocument(new DocumentSource(displayPath, index), root);
            if (documents.Any(d => d.Target == document.Target && d.DeletesDocument == document.DeletesDocument))
            {
                throw new InputException(displayPath, root.Start.Line, $"duplicate patch document {document.Target}");
            }

            documents.Add(document);
        }

        return TalosConfigPatch.StrategicMerge(displayPath, documents);
    }

    private static TalosPatchDocument ReadDocument(DocumentSource source, YamlNode root)
    {
        var file = source.File;
        if (!root.IsMapping)
        {
            throw new InputException(file, root.Start.Line, "a patch document must be a mapping (strategic merge) or a list of JSON 6902 operations");
        }

        var content = new ConfigMapping { Line = root.Start.Line, Origin = NodeOrigin.Of(root, source) };
        var deletesDocument = false;
        foreach (var (key, value) in root.Entries)
        {
            if (key.Value == PatchKey)
            {
                deletesDocument = IsDeleteDirective(file, value);
            }
            else if (!key.IsMergeKey)
            {
                content[key.Value] = Convert(source, value, key.Value, underList: false);
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

    private static ConfigNode Convert(DocumentSource source, YamlNode node, string path, bool underList)
    {
        var file = source.File;
        switch (node.Type)
        {
            case YamlNodeType.Sequence:
                var items = new List<ConfigNode>();
                foreach (var item in node.Items)
                {
                    items.Add(item.IsMapping && item[PatchKey] is { } directive && IsDeleteDirective(file, directive)
                        ? ItemDelete(file, item, path)
                        : Convert(source, item, path + "[]", underList: true));
                }

                return new ConfigSequence(items) { Line = node.Start.Line, Origin = NodeOrigin.Of(node, source) };
            case YamlNodeType.Mapping:
                if (node[PatchKey] is { } marker && IsDeleteDirective(file, marker))
                {
                    if (underList)
                    {
                        throw new InputException(file, marker.Start.Line, $"cannot delete an inner key of a list item ({path})");
                    }

                    return new DeleteMarker { Line = node.Start.Line, Origin = NodeOrigin.Of(node, source) };
                }

                var mapping = new ConfigMapping { Line = node.Start.Line, Origin = NodeOrigin.Of(node, source) };
                foreach (var (key, value) in node.Entries)
                {
                    if (!key.IsMergeKey)
                    {
                        mapping[key.Value] = Convert(source, value, path + "." + key.Value, underList);
                    }
                }

                return mapping;
            default:
                return ConfigScalar.FromYamlScalar(node, source);
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

    private static JsonPatchOperation ReadOperation(string file, YamlNode item, DocumentSource source)
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

        return new JsonPatchOperation(operation, path, value is null ? null : ConfigNode.FromYaml(value, source), item.Start.Line);
    }
}
