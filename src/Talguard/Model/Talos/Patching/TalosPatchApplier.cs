using System.Globalization;

namespace Talguard.Model.Talos.Patching;

/// <summary>
/// Applies Talos config patches to a config's documents with Talos's own semantics
/// (<c>pkg/machinery/config/configpatcher/</c>, <c>pkg/machinery/config/merge/merge.go</c>): a strategic-merge document
/// merges into the document with the same apiVersion, kind and name, or is appended; its <c>$patch: delete</c> markers
/// apply first; mappings merge recursively, lists append, scalars replace unless the patch's value is a zero value
/// (<c>""</c>, <c>0</c>, null), and the fields of <see cref="MergeRules"/> merge their own way. JSON 6902 operations
/// apply to a single-document config only, as in <c>configpatcher/json6902.go</c>. The input is never changed.
/// </summary>
internal static class TalosPatchApplier
{
    /// <summary>The documents of a loaded config file, in order; empty documents are skipped.</summary>
    public static List<ConfigMapping> Documents(SourceFile file)
    {
        var documents = new List<ConfigMapping>();
        foreach (var document in file.Documents)
        {
            if (document.Root is null || document.Root.IsNull)
            {
                continue;
            }

            documents.Add(document.Root.IsMapping
                ? ConfigMapping.FromYamlMapping(document.Root, new DocumentSource(file.DisplayPath, document.Index))
                : throw new InputException(file.DisplayPath, document.Start.Line, "a Talos config document must be a mapping"));
        }

        return documents;
    }

    /// <summary>A loaded config with <paramref name="patches"/> applied, written as YAML by <see cref="ConfigYamlWriter"/>.</summary>
    public static string Merge(SourceFile config, params IEnumerable<TalosConfigPatch> patches) => ConfigYamlWriter.Write(Apply(Documents(config), patches));

    /// <summary>The documents after applying <paramref name="patches"/> in order.</summary>
    public static List<ConfigMapping> Apply(IReadOnlyList<ConfigMapping> documents, params IEnumerable<TalosConfigPatch> patches)
    {
        var result = documents.Select(d => (ConfigMapping)d.Clone()).ToList();
        foreach (var patch in patches)
        {
            if (patch.IsJsonPatch)
            {
                ApplyJson6902(result, patch);
            }
            else
            {
                ApplyStrategicMerge(result, patch);
            }
        }

        return result;
    }

    private static void ApplyStrategicMerge(List<ConfigMapping> documents, TalosConfigPatch patch)
    {
        foreach (var patchDocument in patch.Documents)
        {
            var index = documents.FindIndex(d => TalosDocumentSelector.Of(d) == patchDocument.Target);
            var target = index < 0 ? null : documents[index];
            if (patchDocument.DeletesDocument)
            {
                // A delete of a document the config lacks is skipped, as configpatcher.StrategicMerge does.
                if (index >= 0)
                {
                    documents.RemoveAt(index);
                }

                continue;
            }

            if (target is not null)
            {
                new Deletion(patch.File, target).Apply(patchDocument.Content, []);
            }

            var content = WithoutDeletes(patchDocument.Content) as ConfigMapping;
            if (content is null || IsHeaderOnly(content))
            {
                continue;
            }

            if (target is null)
            {
                documents.Add(content);
            }
            else
            {
                new Merger(patch.File, patchDocument.Target.Kind).Merge(target, content, string.Empty);
            }
        }
    }

    /// <summary>Talos drops a patch document left with only <c>version</c>/<c>kind</c>/<c>name</c> (decoder <c>isEmptyDoc</c>).</summary>
    private static bool IsHeaderOnly(ConfigMapping content) =>
        content.Entries.All(e => e.Key is "version" or "kind" or "name" && e.Value is ConfigScalar);

    /// <summary>A copy without delete markers; a collection emptied by removing them is dropped (null), as Talos's decoder drops it.</summary>
    private static ConfigNode? WithoutDeletes(ConfigNode node)
    {
        switch (node)
        {
            case ConfigMapping mapping:
                var copy = new ConfigMapping { Line = mapping.Line, Origin = mapping.Origin };
                foreach (var (key, value) in mapping.Entries)
                {
                    if (WithoutDeletes(value) is { } kept)
                    {
                        copy[key] = kept;
                    }
                }

                return copy.Entries.Count == 0 && mapping.Entries.Count > 0 ? null : copy;
            case ConfigSequence sequence:
                var items = sequence.Items.Select(WithoutDeletes).OfType<ConfigNode>().ToList();
                return items.Count == 0 && sequence.Items.Count > 0 ? null : new ConfigSequence(items) { Line = sequence.Line, Origin = sequence.Origin };
            case DeleteMarker:
                return null;
            default:
                return node.Clone();
        }
    }

    /// <summary>Applies a patch document's <c>$patch: delete</c> markers to the document they target (decoder <c>selector.go</c>).</summary>
    private sealed class Deletion(string file, ConfigMapping target)
    {
        public void Apply(ConfigMapping patch, List<string> path)
        {
            foreach (var (key, value) in patch.Entries)
            {
                path.Add(key);
                switch (value)
                {
                    case DeleteMarker marker:
                        ParentOf(path, marker).Remove(key);
                        break;
                    case ConfigMapping mapping:
                        Apply(mapping, path);
                        break;
                    case ConfigSequence sequence:
                        foreach (var item in sequence.Items.OfType<DeleteMarker>())
                        {
                            DeleteItem(path, item);
                        }

                        break;
                }

                path.RemoveAt(path.Count - 1);
            }
        }

        /// <summary>
        /// The mapping holding the last key of <paramref name="path"/>. Every mapping on the way must exist (Talos fails
        /// with "lookup failed" otherwise); the key itself may be absent, as clearing an unset struct field succeeds.
        /// </summary>
        private ConfigMapping ParentOf(List<string> path, DeleteMarker marker)
        {
            var node = target;
            for (var i = 0; i < path.Count - 1; i++)
            {
                node = node[path[i]] as ConfigMapping
                    ?? throw new InputException(file, marker.Line, $"$patch: delete of {string.Join('.', path)}: {string.Join('.', path.Take(i + 1))} is not in the config");
            }

            return node;
        }

        private void DeleteItem(List<string> path, DeleteMarker marker)
        {
            var list = ParentOf(path, marker)[path[^1]] as ConfigSequence
                ?? throw new InputException(file, marker.Line, $"$patch: delete in {string.Join('.', path)}: the config has no such list");
            var index = list.Items.FindIndex(i => i is ConfigMapping item && item.Text(marker.ItemKey!) == marker.ItemValue);
            if (index < 0)
            {
                throw new InputException(file, marker.Line, $"$patch: delete in {string.Join('.', path)}: no item has the {marker.ItemKey} it names");
            }

            list.Items.RemoveAt(index);
        }
    }

    /// <summary>Merges patch content into a document of one kind, following <see cref="MergeRules"/> by field path.</summary>
    private sealed class Merger(string file, string kind)
    {
        public void Merge(ConfigMapping target, ConfigMapping patch, string path)
        {
            foreach (var (key, value) in patch.Entries)
            {
                var fieldPath = path.Length == 0 ? key : path + "." + key;
                var existing = target[key];
                if (value is ConfigScalar { Kind: ScalarKind.Null })
                {
                    // A null decodes to Go's zero value, which never overwrites.
                    continue;
                }

                if (existing is null or ConfigScalar { Kind: ScalarKind.Null })
                {
                    target[key] = value.Clone();
                    continue;
                }

                switch (MergeRules.For(kind, fieldPath))
                {
                    case MergeRule.Replace:
                        target[key] = value.Clone();
                        break;
                    case MergeRule.ReplaceEachKey when existing is ConfigMapping arguments && value is ConfigMapping patchArguments:
                        foreach (var (name, argument) in patchArguments.Entries)
                        {
                            arguments[name] = argument.Clone();
                        }

                        break;
                    case MergeRule.MergeByKey or MergeRule.ReplaceByKey or MergeRule.NetworkDevices when existing is ConfigSequence list && value is ConfigSequence patchList:
                        MergeKeyedList(list, patchList, fieldPath);
                        break;
                    default:
                        MergeValue(target, key, existing, value, fieldPath);
                        break;
                }
            }
        }

        private void MergeValue(ConfigMapping target, string key, ConfigNode existing, ConfigNode value, string fieldPath)
        {
            switch (existing, value)
            {
                case (ConfigMapping map, ConfigMapping patchMap):
                    Merge(map, patchMap, fieldPath);
                    break;
                case (ConfigSequence list, ConfigSequence patchList):
                    list.Items.AddRange(patchList.Items.Select(i => i.Clone()));
                    break;
                case (ConfigScalar, ConfigScalar scalar):
                    if (!scalar.IsZero)
                    {
                        target[key] = scalar.Clone();
                    }

                    break;
                default:
                    throw new InputException(file, value.Line, $"{fieldPath}: the patch has a {value.Shape} where the config has a {existing.Shape}");
            }
        }

        private void MergeKeyedList(ConfigSequence list, ConfigSequence patchList, string fieldPath)
        {
            var rule = MergeRules.For(kind, fieldPath);
            var baseCount = list.Items.Count;
            foreach (var item in patchList.Items)
            {
                var index = item is ConfigMapping patchItem ? FindMatch(list, patchItem, rule, fieldPath, rule == MergeRule.ReplaceByKey ? baseCount : list.Items.Count) : -1;
                if (index < 0)
                {
                    list.Items.Add(item.Clone());
                }
                else if (rule == MergeRule.ReplaceByKey)
                {
                    list.Items[index] = item.Clone();
                }
                else
                {
                    Merge((ConfigMapping)list.Items[index], (ConfigMapping)item, fieldPath + "[]");
                }
            }
        }

        private int FindMatch(ConfigSequence list, ConfigMapping item, MergeRule rule, string fieldPath, int searchCount)
        {
            if (rule != MergeRule.NetworkDevices)
            {
                var key = MergeRules.ItemKey(kind, fieldPath);
                var wanted = KeyOf(item, key);
                return list.Items.FindIndex(0, searchCount, c => c is ConfigMapping existing && KeyOf(existing, key) == wanted);
            }

            // NetworkDeviceList.Merge: by interface name when the patch names one, else by an equal deviceSelector.
            var name = KeyOf(item, "interface");
            if (name.Length > 0)
            {
                return list.Items.FindIndex(0, searchCount, c => c is ConfigMapping existing && KeyOf(existing, "interface") == name);
            }

            return item["deviceSelector"] is ConfigMapping selector
                ? list.Items.FindIndex(0, searchCount, c => c is ConfigMapping existing && existing["deviceSelector"] is ConfigMapping other && SameSelector(selector, other))
                : -1;
        }

        /// <summary>
        /// Go compares the selectors as structs: the strings by value, but <c>physical</c> is a <c>*bool</c> compared by
        /// address, so two selectors that set it never match.
        /// </summary>
        private static bool SameSelector(ConfigMapping left, ConfigMapping right) =>
            !HasValue(left, "physical") && !HasValue(right, "physical") &&
            left.Entries.Select(e => e.Key).Union(right.Entries.Select(e => e.Key)).All(k => KeyOf(left, k) == KeyOf(right, k));

        private static bool HasValue(ConfigMapping mapping, string key) => mapping[key] is { } value && value is not ConfigScalar { Kind: ScalarKind.Null };

        /// <summary>An item's key as Go sees the field: absent, null, <c>""</c> and <c>0</c> are all the zero value.</summary>
        private static string KeyOf(ConfigMapping item, string key) => item[key] switch
        {
            ConfigScalar { Kind: ScalarKind.Int } number => number.AsInt64() is { } value and not 0 ? value.ToString(CultureInfo.InvariantCulture) : string.Empty,
            ConfigScalar { Kind: not ScalarKind.Null } scalar => scalar.Text,
            _ => string.Empty,
        };
    }

    private static void ApplyJson6902(List<ConfigMapping> documents, TalosConfigPatch patch)
    {
        if (documents.Count != 1)
        {
            throw new InputException(patch.File, patch.Operations[0].Line, "JSON 6902 patches apply only to a single-document config, as in Talos");
        }

        ConfigNode root = documents[0];
        foreach (var operation in patch.Operations)
        {
            root = new JsonPointerEdit(patch.File, operation).Apply(root);
        }

        documents[0] = root as ConfigMapping ?? throw new InputException(patch.File, patch.Operations[^1].Line, "JSON 6902 patch leaves the config without a mapping at its root");
    }

    /// <summary>One RFC 6902 add/remove/replace on a tree; RFC 6901 pointers (<c>~1</c> is <c>/</c>, <c>~0</c> is <c>~</c>).</summary>
    private sealed class JsonPointerEdit(string file, JsonPatchOperation operation)
    {
        public ConfigNode Apply(ConfigNode root)
        {
            if (operation.Path.Length == 0)
            {
                return operation.Operation == JsonPatchOperationKind.Remove ? throw Fail("cannot remove the whole document") : operation.Value!.Clone();
            }

            var tokens = operation.Path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
            var parent = root;
            foreach (var token in tokens[..^1])
            {
                parent = parent switch
                {
                    ConfigMapping mapping => mapping[token],
                    ConfigSequence list when Index(token, list.Items.Count) is { } index => list.Items[index],
                    _ => null,
                } ?? throw Fail("path not found");
            }

            Edit(parent, tokens[^1]);
            return root;
        }

        private void Edit(ConfigNode parent, string token)
        {
            switch (parent, operation.Operation)
            {
                case (ConfigMapping mapping, JsonPatchOperationKind.Add):
                    mapping[token] = operation.Value!.Clone();
                    break;
                case (ConfigMapping mapping, JsonPatchOperationKind.Replace) when mapping[token] is not null:
                    mapping[token] = operation.Value!.Clone();
                    break;
                case (ConfigMapping mapping, JsonPatchOperationKind.Remove) when mapping.Remove(token):
                    break;
                case (ConfigSequence list, JsonPatchOperationKind.Add) when token == "-":
                    list.Items.Add(operation.Value!.Clone());
                    break;
                case (ConfigSequence list, JsonPatchOperationKind.Add) when Index(token, list.Items.Count + 1) is { } index:
                    list.Items.Insert(index, operation.Value!.Clone());
                    break;
                case (ConfigSequence list, JsonPatchOperationKind.Replace) when Index(token, list.Items.Count) is { } index:
                    list.Items[index] = operation.Value!.Clone();
                    break;
                case (ConfigSequence list, JsonPatchOperationKind.Remove) when Index(token, list.Items.Count) is { } index:
                    list.Items.RemoveAt(index);
                    break;
                default:
                    throw Fail("path not found");
            }
        }

        /// <summary>An array index as RFC 6901 writes it (digits, no leading zero), below <paramref name="count"/>.</summary>
        private static int? Index(string token, int count) =>
            token.Length > 0 && token.All(char.IsAsciiDigit) && (token.Length == 1 || token[0] != '0') &&
            int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < count
                ? index
                : null;

        private InputException Fail(string reason) => new(file, operation.Line, $"JSON 6902 {operation.Operation.ToString().ToLowerInvariant()} {operation.Path}: {reason}");
    }
}
