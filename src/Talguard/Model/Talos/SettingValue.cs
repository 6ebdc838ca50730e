namespace Talguard.Model.Talos;

/// <summary>One value a view read from a Talos file, with the document and node it came from so findings point at its line.</summary>
public readonly record struct SettingValue(LocatedDocument Document, YamlNode Node)
{
    /// <summary>The scalar as written (empty for null or a mapping/list).</summary>
    public string Text => Node.AsString() ?? string.Empty;

    /// <summary>
    /// The main documents of a file: the full v1alpha1 config, or the bare <c>machine:</c>/<c>cluster:</c> documents
    /// of a strategic-merge patch, so a value set in a patch is read as in a full config.
    /// </summary>
    internal static IEnumerable<LocatedDocument> MainDocuments(TalosConfigFile file) =>
        file.Documents.Where(d => d.Class == DocumentClass.TalosMachineConfig);

    /// <summary>The node at <paramref name="path"/> in each main document that has one.</summary>
    internal static IEnumerable<SettingValue> InMain(TalosConfigFile file, params string[] path)
    {
        foreach (var document in MainDocuments(file))
        {
            if (document.At(path) is { } node)
            {
                yield return new SettingValue(document, node);
            }
        }
    }

    /// <summary>The node at <paramref name="path"/> in each split document of <paramref name="kind"/> (v1.11+ multi-documents).</summary>
    internal static IEnumerable<SettingValue> InKind(TalosConfigFile file, string kind, params string[] path)
    {
        foreach (var document in file.OfKind(kind))
        {
            if (document.At(path) is { } node)
            {
                yield return new SettingValue(document, node);
            }
        }
    }
}
