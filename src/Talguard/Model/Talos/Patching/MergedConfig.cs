namespace Talguard.Model.Talos.Patching;

/// <summary>
/// A Talos config with patches applied, as <c>talosctl machineconfig patch BASE --patch @PATCH...</c> would produce it,
/// loaded as one <see cref="SourceFile"/> that every rule reads like a node config. Each node of the merged tree keeps
/// the file, document and position it came from (<see cref="YamlNode.Origin"/>): a value a patch set points at the
/// patch's line, everything else at the base's.
/// </summary>
public static class MergedConfig
{
    /// <summary>Loads <paramref name="basePath"/> and <paramref name="patchPaths"/> from disk and merges them in order.</summary>
    /// <exception cref="InputException">A file cannot be read, the base is no Talos config, or a patch is malformed or does not apply.</exception>
    public static SourceFile Load(string basePath, IReadOnlyList<string> patchPaths) =>
        Merge(LoadFile(basePath), [.. patchPaths.Select(LoadFile)]);

    /// <summary>The loaded <paramref name="config"/> with <paramref name="patches"/> (strategic merge or JSON 6902) applied in order.</summary>
    public static SourceFile Merge(SourceFile config, IReadOnlyList<SourceFile> patches)
    {
        var main = config.Documents.FirstOrDefault(d => d.IsTalos);
        if (main is null)
        {
            throw new InputException(config.DisplayPath, config.Documents[0].Start.Line, "not a Talos config: the base of a merge must be a Talos machine config");
        }

        var documents = TalosPatchApplier.Apply(TalosPatchApplier.Documents(config), [.. patches.Select(TalosPatchReader.Read)]);
        var starts = config.Documents.Concat(patches.SelectMany(p => p.Documents))
            .ToDictionary(d => new DocumentSource(d.File.DisplayPath, d.Index), d => d.Start);
        return FromDocuments(config.DisplayPath, config.FullPath, documents, starts);
    }

    /// <summary>
    /// Merged <paramref name="documents"/> as one node config; a document starts where the document it came from
    /// starts (<paramref name="starts"/>), else where its root came from.
    /// </summary>
    internal static SourceFile FromDocuments(string displayPath, string? fullPath, IReadOnlyList<ConfigMapping> documents, IReadOnlyDictionary<DocumentSource, SourceMark> starts)
    {
        var merged = new SourceFile(displayPath, fullPath) { IsMerged = true };
        for (var i = 0; i < documents.Count; i++)
        {
            var root = ToYamlNode(documents[i], documents[i].Origin?.Source);
            var start = documents[i].Origin is { } origin ? starts.GetValueOrDefault(origin.Source, origin.Start) : SourceMark.FileStart;
            merged.Add(new LocatedDocument(merged, new ParsedYamlDocument(i, start, root, [])));
        }

        return merged;
    }

    private static SourceFile LoadFile(string path)
    {
        var display = path.Replace(Path.DirectorySeparatorChar, '/');
        var (buffer, length) = BoundedFile.Read(display, path, InputLoader.MaxFileBytes, yaml: true);
        return InputLoader.Parse(display, Path.GetFullPath(path), InputLoader.Decode(display, buffer.AsSpan(0, length)));
    }

    /// <summary>A merged node as the project's YAML model, positioned where it came from; <paramref name="inherited"/> stands in for a node built in code.</summary>
    private static YamlNode ToYamlNode(ConfigNode node, DocumentSource? inherited)
    {
        var source = node.Origin?.Source ?? inherited;
        var start = node.Origin?.Start ?? SourceMark.FileStart;
        switch (node)
        {
            case ConfigMapping mapping:
                var map = new YamlNode(YamlNodeType.Mapping, start, null) { Origin = source };
                var entries = new KeyValuePair<YamlNode, YamlNode>[mapping.Entries.Count];
                for (var i = 0; i < entries.Length; i++)
                {
                    var (key, value) = mapping.Entries[i];
                    var child = ToYamlNode(value, source);
                    var keyNode = new YamlNode(YamlNodeType.Scalar, value.Origin?.KeyStart ?? start, null)
                    {
                        Value = key,
                        IsPlain = true,
                        Origin = value.Origin?.Source ?? source,
                    };
                    entries[i] = new(keyNode, child);
                    map.AdoptEntry(keyNode, child);
                }

                map.SetEntries(entries);
                return map;
            case ConfigSequence sequence:
                var list = new YamlNode(YamlNodeType.Sequence, start, null) { Origin = source };
                var items = new YamlNode[sequence.Items.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = ToYamlNode(sequence.Items[i], source);
                    list.AdoptItem(items[i], i);
                }

                list.SetItems(items);
                return list;
            default:
                var scalar = (ConfigScalar)node;
                return new YamlNode(YamlNodeType.Scalar, start, null)
                {
                    Value = scalar.Text,
                    // A string that would read as null, a boolean or a number stays a string, as if quoted.
                    IsPlain = scalar.Kind != ScalarKind.String || ConfigScalar.PlainKind(scalar.Text) == ScalarKind.String,
                    Origin = source,
                };
        }
    }
}
