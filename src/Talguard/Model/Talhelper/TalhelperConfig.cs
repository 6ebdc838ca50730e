namespace Talguard.Model.Talhelper;

/// <summary>
/// A talhelper cluster file (<c>talconfig.yaml</c>, talhelper's <c>pkg/config/config.go</c>) as read for scanning: the
/// cluster fields that shape each node's generated config, the global patches, the <c>controlPlane</c>/<c>worker</c>
/// groups and the nodes. Values stay as written: a <c>${VAR}</c> placeholder is text, never substituted (talenv files
/// are never read). Like talhelper's decoder it ignores keys it does not know.
/// </summary>
internal sealed class TalhelperConfig
{
    /// <summary>The Talos release talhelper v3.1.16 generates for when <c>talosVersion</c> is not set (its <c>LatestTalosVersion</c>).</summary>
    public const string DefaultTalosVersion = "v1.13.9";

    private TalhelperConfig(LocatedDocument document, YamlNode root)
    {
        Document = document;
        Root = root;
        Patches = PatchReference.ListOf(root["patches"]);
        Nodes = [.. (root["nodes"] is { IsSequence: true } nodes ? nodes.Items : default).Where(n => n.IsMapping).Select(n => new TalhelperNode(this, n))];
    }

    public LocatedDocument Document { get; }

    public YamlNode Root { get; }

    public string DisplayPath => Document.File.DisplayPath;

    /// <summary>Global patches: applied to every node after its group and node patches, so they win.</summary>
    public IReadOnlyList<PatchReference> Patches { get; }

    public IReadOnlyList<TalhelperNode> Nodes { get; }

    public string Text(string key) => Root[key]?.AsString() ?? string.Empty;

    public bool Flag(string key) => Root[key]?.AsBool() == true;

    public IReadOnlyList<string> Texts(string key) => Root[key] is { IsSequence: true } list ? [.. list.Items.Select(i => i.AsString()).OfType<string>()] : [];

    /// <summary>The <c>controlPlane:</c> or <c>worker:</c> group whose fields a node of that role takes when it sets none.</summary>
    public YamlNode? GroupOf(bool controlPlane) => Root[controlPlane ? "controlPlane" : "worker"] is { IsMapping: true } group ? group : null;

    /// <summary>The talhelper config of a classified document, or null when it is not one.</summary>
    public static TalhelperConfig? Of(LocatedDocument document) =>
        document.Class == DocumentClass.TalhelperConfig && document.Root is { IsMapping: true } root ? new TalhelperConfig(document, root) : null;

    /// <summary>
    /// A talhelper cluster file's shape: <c>clusterName</c> and a <c>nodes</c> list at the top, without the
    /// <c>apiVersion</c>/<c>kind</c> of a Kubernetes object or the <c>machine</c>/<c>cluster</c> of a Talos config.
    /// </summary>
    internal static bool IsTalhelperShape(YamlNode root) =>
        root["clusterName"] is { IsScalar: true } && root["nodes"] is { IsSequence: true } or { IsScalar: true, IsNull: false } &&
        root["apiVersion"] is null && root["kind"] is null && root["machine"] is null && root["cluster"] is null;
}

/// <summary>One entry of <c>nodes:</c>, with the group fields it inherits as talhelper's <c>mergeNodeConfigs</c> takes them.</summary>
internal sealed class TalhelperNode(TalhelperConfig config, YamlNode entry)
{
    public TalhelperConfig Config { get; } = config;

    public YamlNode Entry { get; } = entry;

    public string Hostname => Entry["hostname"]?.AsString() ?? string.Empty;

    public bool IsControlPlane => Entry["controlPlane"]?.AsBool() == true;

    /// <summary>Where findings about what the node lacks point: the first key of its entry.</summary>
    public SourceMark Start => Entry.Entries.Count > 0 ? Entry.Entries[0].Key.Start : Entry.Start;

    /// <summary>
    /// A <c>NodeConfigs</c> field: the node's own when it is set (not empty, not false), else its group's. The field
    /// is taken whole, never merged (a node's <c>nodeLabels</c> replace the group's).
    /// </summary>
    public YamlNode? Field(string key)
    {
        if (Entry[key] is { } own && IsSet(own))
        {
            return own;
        }

        return Config.GroupOf(IsControlPlane)?[key] is { } inherited && IsSet(inherited) ? inherited : null;
    }

    /// <summary>The node's patches: its group's first, then its own (talhelper v2.3.8+); only its own with <c>overridePatches</c>.</summary>
    public IReadOnlyList<PatchReference> Patches
    {
        get
        {
            var own = PatchReference.ListOf(Entry["patches"]);
            if (Entry["overridePatches"]?.AsBool() == true)
            {
                return own;
            }

            return [.. PatchReference.ListOf(Config.GroupOf(IsControlPlane)?["patches"]), .. own];
        }
    }

    /// <summary>Machine cert SANs added to the node: its own, then its group's, unless <c>overrideMachineCertSANs</c>.</summary>
    public IReadOnlyList<YamlNode> CertSans
    {
        get
        {
            var own = Entry["certSANs"] is { IsSequence: true } list ? list.Items.ToList() : [];
            if (Entry["overrideMachineCertSANs"]?.AsBool() == true)
            {
                return own;
            }

            return [.. own, .. Config.GroupOf(IsControlPlane)?["certSANs"] is { IsSequence: true } group ? group.Items.ToList() : []];
        }
    }

    /// <summary>Go's zero value counts as unset: a missing, null, empty or false field.</summary>
    private static bool IsSet(YamlNode node) => node.Type switch
    {
        YamlNodeType.Mapping => node.Entries.Count > 0,
        YamlNodeType.Sequence => node.Items.Count > 0,
        _ => !node.IsNull && node.Value.Length > 0 && node.AsBool() != false,
    };
}

/// <summary>One <c>patches:</c> entry: an inline patch (a YAML string holding the patch) or <c>@path</c> to a patch file.</summary>
internal sealed record PatchReference(YamlNode Node)
{
    public bool IsFile => Node.Value.StartsWith('@');

    /// <summary>The file path of an <c>@path</c> entry as written.</summary>
    public string FilePath => Node.Value[1..].Trim();

    public static IReadOnlyList<PatchReference> ListOf(YamlNode? patches) =>
        patches is { IsSequence: true } ? [.. patches.Items.Where(i => i.IsScalar && !i.IsNull && !string.IsNullOrWhiteSpace(i.Value)).Select(i => new PatchReference(i))] : [];
}
