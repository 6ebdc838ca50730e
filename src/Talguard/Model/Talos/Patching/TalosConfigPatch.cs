namespace Talguard.Model.Talos.Patching;

/// <summary>
/// Which document of a multi-document Talos config a patch document targets, matched as Talos's
/// <c>configpatcher.StrategicMerge</c> does: by apiVersion, kind and (for named documents) name. The main document
/// has no apiVersion and the kind <c>v1alpha1</c>.
/// </summary>
internal sealed record TalosDocumentSelector(string ApiVersion, string Kind, string? Name)
{
    public static TalosDocumentSelector Main { get; } = new(string.Empty, "v1alpha1", null);

    public bool IsMain => ApiVersion.Length == 0 && Kind == "v1alpha1";

    /// <summary>The selector of a config document (its header keys), or null when the document has neither a kind nor a v1alpha1 shape.</summary>
    public static TalosDocumentSelector? Of(ConfigMapping document)
    {
        var apiVersion = document.Text("apiVersion");
        var kind = document.Text("kind");
        if (apiVersion is null && kind is null)
        {
            var isMain = document["version"] is not null || document.Entries.Any(e => e.Key is "machine" or "cluster" or "debug" or "persist");
            return isMain ? Main : null;
        }

        return apiVersion is null || kind is null ? null : new TalosDocumentSelector(apiVersion, kind, document.Text("name"));
    }

    public override string ToString() => IsMain ? "v1alpha1" : Name is null ? $"{ApiVersion}/{Kind}" : $"{ApiVersion}/{Kind}/{Name}";
}

/// <summary>
/// One document of a strategic-merge patch: the document it targets, and either its content (a mapping that may
/// hold <see cref="DeleteMarker"/>s) or, with <see cref="DeletesDocument"/>, the removal of the whole document.
/// </summary>
internal sealed record TalosPatchDocument(TalosDocumentSelector Target, ConfigMapping Content, bool DeletesDocument = false)
{
    /// <summary>A patch document deleting the whole document <paramref name="target"/> (<c>$patch: delete</c> at its root).</summary>
    public static TalosPatchDocument Delete(TalosDocumentSelector target)
    {
        var content = new ConfigMapping();
        if (!target.IsMain)
        {
            content["apiVersion"] = ConfigScalar.String(target.ApiVersion);
            content["kind"] = ConfigScalar.String(target.Kind);
            if (target.Name is { } name)
            {
                content["name"] = ConfigScalar.String(name);
            }
        }

        return new TalosPatchDocument(target, content, DeletesDocument: true);
    }
}

internal enum JsonPatchOperationKind
{
    Add,
    Remove,
    Replace,
}

/// <summary>One RFC 6902 operation (<c>talosctl machineconfig patch</c> applies these to the v1alpha1 document only).</summary>
internal sealed record JsonPatchOperation(JsonPatchOperationKind Operation, string Path, ConfigNode? Value, int Line = 0);

/// <summary>
/// A Talos config patch as <c>talosctl gen config --config-patch @file</c> and <c>talosctl machineconfig patch</c>
/// take it: either strategic-merge documents (each: the document it targets by kind and name, and the path edits as a
/// tree) or a list of JSON 6902 operations. <see cref="File"/> names the patch in errors. Rules build their fixes as
/// one (see <see cref="TalosPatch"/>); <see cref="ToYaml"/> is the text a report shows.
/// </summary>
public sealed class TalosConfigPatch
{
    /// <summary>The name a patch built in code goes by when applying it fails.</summary>
    internal const string BuiltName = "patch";

    private TalosConfigPatch(string file, IReadOnlyList<TalosPatchDocument> documents, IReadOnlyList<JsonPatchOperation> operations)
    {
        File = file;
        Documents = documents;
        Operations = operations;
    }

    public string File { get; }

    internal IReadOnlyList<TalosPatchDocument> Documents { get; }

    internal IReadOnlyList<JsonPatchOperation> Operations { get; }

    public bool IsJsonPatch => Operations.Count > 0;

    internal static TalosConfigPatch StrategicMerge(string file, params IReadOnlyList<TalosPatchDocument> documents) => new(file, documents, []);

    internal static TalosConfigPatch Json6902(string file, params IReadOnlyList<JsonPatchOperation> operations) => new(file, [], operations);

    /// <summary>The patch as YAML, written by <see cref="ConfigYamlWriter"/>: same patch, same bytes.</summary>
    public string ToYaml() => ConfigYamlWriter.Write(this);

    public override string ToString() => ToYaml();
}
