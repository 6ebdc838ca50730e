namespace Talguard.Model;

/// <summary>A classified document of one input file, with everything needed to place a finding in it.</summary>
public sealed class LocatedDocument
{
    internal LocatedDocument(SourceFile file, ParsedYamlDocument parsed)
    {
        File = file;
        Index = parsed.Index;
        Start = parsed.Start;
        Root = parsed.Root;
        Comments = parsed.Comments;
        (Class, Kind, ApiVersion) = Classify(parsed.Root);
        IsMachineConfigPatch = Class == DocumentClass.TalosMachineConfig && parsed.Root?["version"] is null;
    }

    public SourceFile File { get; }

    /// <summary>0-based index in the file's YAML stream.</summary>
    public int Index { get; }

    public SourceMark Start { get; }

    public YamlNode? Root { get; }

    public IReadOnlyList<YamlComment> Comments { get; }

    public DocumentClass Class { get; }

    /// <summary><c>v1alpha1</c> for the main Talos config, else the <c>kind</c> (empty when there is none).</summary>
    public string Kind { get; }

    public string ApiVersion { get; }

    /// <summary>
    /// A strategic-merge patch of the main config written without <c>version:</c> (just <c>machine:</c> and/or
    /// <c>cluster:</c>), as <c>talosctl gen config --config-patch</c> takes it: it gets the document-local rules
    /// but does not make its file a node config.
    /// </summary>
    public bool IsMachineConfigPatch { get; }

    /// <summary>The document's component <c>extraArgs</c>, found once by <see cref="Talos.ExtraArgs"/> (the model never changes after loading).</summary>
    internal Talos.ComponentExtraArgs[]? ComponentExtraArgs { get; set; }

    public bool IsTalos => Class is DocumentClass.TalosMachineConfig or DocumentClass.TalosDocument;

    public bool IsKubernetes => Class == DocumentClass.KubernetesObject;

    /// <summary>Namespace and name of a Kubernetes object (namespace empty when cluster-scoped or unset).</summary>
    public string ObjectNamespace => Root?.At("metadata", "namespace")?.AsString() ?? string.Empty;

    public string ObjectName => Root?.At("metadata", "name")?.AsString() ?? Root?["name"]?.AsString() ?? string.Empty;

    /// <summary>The node at a dotted key path below the root (plain keys only).</summary>
    public YamlNode? At(params ReadOnlySpan<string> keys) => Root?.At(keys);

    private static (DocumentClass Class, string Kind, string ApiVersion) Classify(YamlNode? root)
    {
        if (root is null || root.IsNull)
        {
            return (DocumentClass.Empty, string.Empty, string.Empty);
        }

        if (IsTalosJsonPatchShape(root))
        {
            return (DocumentClass.TalosJsonPatch, "jsonpatch", string.Empty);
        }

        if (!root.IsMapping)
        {
            return (DocumentClass.Unknown, string.Empty, string.Empty);
        }

        var apiVersion = root["apiVersion"]?.AsString() ?? string.Empty;
        var kind = root["kind"]?.AsString() ?? string.Empty;
        // A system extension's manifest.yaml also says `version: v1alpha1`; only machine/cluster make a machine config.
        if (root["version"]?.AsString() == "v1alpha1" && apiVersion.Length == 0 && (root["machine"] is not null || root["cluster"] is not null))
        {
            return (DocumentClass.TalosMachineConfig, "v1alpha1", string.Empty);
        }

        if (apiVersion.Length == 0 && kind.Length == 0 && IsMachineConfigPatchShape(root))
        {
            return (DocumentClass.TalosMachineConfig, "v1alpha1", string.Empty);
        }

        if (apiVersion == "v1alpha1" && kind.Length > 0)
        {
            return (DocumentClass.TalosDocument, kind, apiVersion);
        }

        if (apiVersion.Length > 0 && kind.Length > 0)
        {
            return (DocumentClass.KubernetesObject, kind, apiVersion);
        }

        if (root["contexts"] is { IsMapping: true } || (root["context"] is not null && root["contexts"] is not null))
        {
            return (DocumentClass.TalosClientConfig, "talosconfig", string.Empty);
        }

        if (root["certs"] is { IsMapping: true } && (root["secrets"] is not null || root["trustdinfo"] is not null))
        {
            return (DocumentClass.TalosSecretsBundle, "secrets", string.Empty);
        }

        if (Talhelper.TalhelperConfig.IsTalhelperShape(root))
        {
            return (DocumentClass.TalhelperConfig, "talconfig", string.Empty);
        }

        return (DocumentClass.Unknown, string.Empty, string.Empty);
    }

    /// <summary>Every item an RFC 6902 operation on the machine config's own sections; any other list is not Talguard's to judge.</summary>
    private static bool IsTalosJsonPatchShape(YamlNode root) =>
        root is { IsSequence: true, Items.Count: > 0 } && root.Items.All(item =>
            item.IsMapping &&
            item["op"]?.AsString() is "add" or "remove" or "replace" or "move" or "copy" or "test" &&
            item["path"]?.AsString() is { } path && (path.StartsWith("/machine", StringComparison.Ordinal) || path.StartsWith("/cluster", StringComparison.Ordinal)));

    /// <summary>Only the main config's own top-level keys, with machine or cluster present (a secrets bundle also has cluster:).</summary>
    private static bool IsMachineConfigPatchShape(YamlNode root) =>
        root["version"] is null &&
        (root["machine"] is { IsMapping: true } || root["cluster"] is { IsMapping: true }) &&
        root.Entries.All(e => e.Key.Value is "machine" or "cluster" or "debug" or "persist");

    public override string ToString() => $"{File.DisplayPath}#{Index} {Kind}";
}
