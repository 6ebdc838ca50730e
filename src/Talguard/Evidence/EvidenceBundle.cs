using Talguard.Formats;
using Talguard.Model;

namespace Talguard.Evidence;

/// <summary>The objects of one <c>talos/&lt;resource&gt;.json</c> file, every node's, in file order.</summary>
internal sealed record TalosResourceFile(string Resource, string File, IReadOnlyList<EvidenceResource> Objects);

/// <summary>
/// What a bundle holds of one resource for one node. <see cref="NotCollectedReason"/> is set when the file is not in
/// the bundle or the node refused it: then <see cref="Objects"/> is empty and says nothing about the node. When it is
/// null the file was collected for the node, and an empty <see cref="Objects"/> means the node has no such resource
/// (talosctl prints nothing for it: no extensions, no ingress chain).
/// </summary>
internal sealed record NodeResources(BundleNode Node, string Resource, string? NotCollectedReason, IReadOnlyList<EvidenceResource> Objects)
{
    public bool Collected => NotCollectedReason is null;

    /// <summary>The object with <c>metadata.id</c> <paramref name="id"/>, or null.</summary>
    public EvidenceResource? Find(string id) => Objects.FirstOrDefault(o => string.Equals(o.Id, id, StringComparison.Ordinal));
}

/// <summary>What <c>kubectl get PLURAL -A -o json</c> printed: one <c>List</c> object and its <c>items</c>.</summary>
internal sealed record KubernetesList(string Plural, string File, TalosctlJsonValue Root)
{
    public IReadOnlyList<TalosctlJsonValue> Items => Root["items"]!.Items;
}

/// <summary>
/// An evidence bundle (docs/verify.md): <c>manifest.json</c>, <c>talos/&lt;resource&gt;.json</c> as
/// <c>talosctl get &lt;resource&gt; --nodes a,b -o json</c> prints it, <c>kubernetes/&lt;plural&gt;.json</c> as
/// <c>kubectl get &lt;plural&gt; -A -o json</c> prints it. <see cref="Load"/> reads and checks all of it up front, so
/// bad evidence stops the run before anything is judged; a missing file is "not collected", never healthy.
/// </summary>
internal sealed class EvidenceBundle
{
    /// <summary>Largest bundle file read: a big cluster's pod list stays well below.</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    public const string ManifestFile = "manifest.json";

    /// <summary>The Kubernetes lists of the bundle contract, as <c>kubernetes/&lt;plural&gt;.json</c>.</summary>
    public static IReadOnlyList<string> KubernetesPlurals { get; } =
    [
        "clusterrolebindings", "clusterroles", "cronjobs", "daemonsets", "deployments", "jobs", "namespaces", "pods", "rolebindings", "roles",
        "statefulsets",
    ];

    private readonly SortedDictionary<string, TalosResourceFile> _talos;
    private readonly SortedDictionary<string, KubernetesList> _kubernetes;

    private EvidenceBundle(string display, BundleManifest manifest, SortedDictionary<string, TalosResourceFile> talos,
        SortedDictionary<string, KubernetesList> kubernetes, bool hasKubernetes)
    {
        DisplayPath = display;
        Manifest = manifest;
        _talos = talos;
        _kubernetes = kubernetes;
        NotCollected = Missing(manifest, talos, kubernetes, hasKubernetes);
    }

    /// <summary>The bundle directory as given (reports name its files under it).</summary>
    public string DisplayPath { get; }

    public BundleManifest Manifest { get; }

    /// <summary>The nodes, in manifest order.</summary>
    public IReadOnlyList<BundleNode> Nodes => Manifest.Nodes;

    /// <summary>
    /// What the bundle lacks as a whole or per refused node, sorted (<see cref="NotCollectedEvidence.Compare"/>): each
    /// resource file of the contract that is absent, each <c>refused</c> entry, the Kubernetes lists.
    /// </summary>
    public IReadOnlyList<NotCollectedEvidence> NotCollected { get; }

    /// <summary>The Talos resource files present, by resource name (ordinal order).</summary>
    public IEnumerable<TalosResourceFile> TalosFiles => _talos.Values;

    /// <summary>The Kubernetes lists present, by plural (ordinal order).</summary>
    public IEnumerable<KubernetesList> KubernetesLists => _kubernetes.Values;

    /// <summary>Reads and checks the bundle at <paramref name="path"/>; bad evidence is an <see cref="InputException"/> naming the file and line.</summary>
    public static EvidenceBundle Load(string path)
    {
        var display = path.Replace('\\', '/').TrimEnd('/');
        if (display.Length == 0)
        {
            display = path.Length == 0 ? "." : "/";
        }

        if (!Directory.Exists(path))
        {
            throw new InputException(display, File.Exists(path)
                ? "not a directory: an evidence bundle is a directory holding manifest.json (talguard collect -o DIR writes one)"
                : "no such directory");
        }

        var manifestPath = Path.Combine(path, ManifestFile);
        var manifestDisplay = Join(display, ManifestFile);
        if (!File.Exists(manifestPath))
        {
            throw new InputException(manifestDisplay, "missing: an evidence bundle holds manifest.json (see docs/verify.md)");
        }

        var manifest = BundleManifest.Parse(manifestDisplay, Read(manifestDisplay, manifestPath));
        var talos = new SortedDictionary<string, TalosResourceFile>(StringComparer.Ordinal);
        var talosDirectory = Path.Combine(path, "talos");
        if (Directory.Exists(talosDirectory))
        {
            foreach (var file in JsonFiles(talosDirectory))
            {
                var resource = Path.GetFileNameWithoutExtension(file);
                var shown = Join(display, "talos/" + Path.GetFileName(file));
                talos[resource] = ReadTalos(manifest, resource, shown, Read(shown, file));
            }
        }

        var kubernetes = new SortedDictionary<string, KubernetesList>(StringComparer.Ordinal);
        var kubernetesDirectory = Path.Combine(path, "kubernetes");
        var hasKubernetes = Directory.Exists(kubernetesDirectory);
        if (hasKubernetes)
        {
            foreach (var file in JsonFiles(kubernetesDirectory))
            {
                var plural = Path.GetFileNameWithoutExtension(file);
                var shown = Join(display, "kubernetes/" + Path.GetFileName(file));
                kubernetes[plural] = ReadKubernetes(plural, shown, Read(shown, file));
            }
        }

        return new EvidenceBundle(display, manifest, talos, kubernetes, hasKubernetes);
    }

    /// <summary>The file of <paramref name="resource"/>; null when it is not in the bundle (not collected).</summary>
    public TalosResourceFile? Talos(string resource) => _talos.GetValueOrDefault(resource);

    /// <summary>What the bundle holds of <paramref name="resource"/> for <paramref name="node"/>, or why it holds nothing.</summary>
    public NodeResources For(BundleNode node, string resource)
    {
        var refusal = Manifest.Refused.FirstOrDefault(r => r.Resource == resource && r.Node == node.Address)
            ?? Manifest.Refused.FirstOrDefault(r => r.Resource == resource && r.Node is null);
        if (refusal is not null)
        {
            return new NodeResources(node, resource, RefusedReason(refusal), []);
        }

        if (Talos(resource) is not { } file)
        {
            return new NodeResources(node, resource, AbsentReason(Manifest, resource), []);
        }

        return new NodeResources(node, resource, null, [.. file.Objects.Where(o => o.Node == node)]);
    }

    /// <summary>The list of <paramref name="plural"/>; null when it is not in the bundle (not collected).</summary>
    public KubernetesList? Kubernetes(string plural) => _kubernetes.GetValueOrDefault(plural);

    /// <summary>A bundle file's name in reports: the bundle path as given, then <paramref name="relative"/>.</summary>
    public string FileName(string relative) => Join(DisplayPath, relative);

    private static string Join(string display, string relative) => display == "/" ? "/" + relative : display + "/" + relative;

    private static IEnumerable<string> JsonFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal);

    private static IReadOnlyList<TalosctlJsonValue> Read(string display, string path) =>
        TalosctlJsonReader.Read(display, BoundedFile.ReadAllBytes(display, path, MaxFileBytes));

    private static TalosResourceFile ReadTalos(BundleManifest manifest, string resource, string file, IReadOnlyList<TalosctlJsonValue> objects)
    {
        var kind = TalosResourceKinds.Find(resource);
        var resources = new List<EvidenceResource>(objects.Count);
        foreach (var root in objects)
        {
            CheckShape(kind, resource, file, root);
            var node = NodeOf(manifest, file, root);
            resources.Add(new EvidenceResource(kind, resource, file, resources.Count, node, root));
        }

        return new TalosResourceFile(resource, file, resources);
    }

    /// <summary>An object is a talosctl resource (metadata with namespace, type and id; a spec) of the type and shape its file is named for.</summary>
    private static void CheckShape(TalosResourceKind? kind, string resource, string file, TalosctlJsonValue root)
    {
        var metadata = root["metadata"];
        if (metadata is not { IsObject: true } || root["spec"] is null)
        {
            throw new InputException(file, root.Line, "unknown resource shape: a talosctl resource object has metadata and spec");
        }

        foreach (var key in (ReadOnlySpan<string>)["namespace", "type", "id"])
        {
            if (metadata[key]?.AsString() is null)
            {
                throw new InputException(file, metadata.Line, $"unknown resource shape: metadata.{key} is missing or not a string");
            }
        }

        if (root["node"] is { } node && node.Kind != TalosctlJsonKind.String)
        {
            throw new InputException(file, node.Line, "unknown resource shape: node is not a string");
        }

        if (kind is null)
        {
            return;
        }

        var type = metadata["type"]!;
        if (!string.Equals(type.Text, kind.Type, StringComparison.Ordinal))
        {
            throw new InputException(file, type.Line, $"unknown resource shape: metadata.type is {type.Display()}, but talos/{resource}.json holds {kind.Type} (talosctl get {resource} -o json)");
        }

        var spec = root["spec"]!;
        if (spec.Kind != kind.SpecKind)
        {
            throw new InputException(file, spec.Line, $"unknown resource shape: spec is {TalosctlJsonValue.KindName(spec.Kind)}; {kind.Type} has {TalosctlJsonValue.KindName(kind.SpecKind)}");
        }

        foreach (var field in kind.Fields)
        {
            foreach (var value in Values(spec, field.Keys))
            {
                if (!field.Kinds.Contains(value.Kind))
                {
                    throw new InputException(file, value.Line,
                        $"unknown resource shape: {value.Path} is {TalosctlJsonValue.KindName(value.Kind)}; {kind.Type} has {TalosctlJsonValue.KindName(field.Kinds[0])} there");
                }
            }
        }
    }

    /// <summary>The values at <paramref name="keys"/> under <paramref name="value"/> (<c>[]</c>: each item of a list), where present.</summary>
    private static IEnumerable<TalosctlJsonValue> Values(TalosctlJsonValue value, ReadOnlyMemory<string> keys)
    {
        if (keys.IsEmpty)
        {
            return [value];
        }

        var key = keys.Span[0];
        if (key == "[]")
        {
            return value.Kind == TalosctlJsonKind.Array ? value.Items.SelectMany(item => Values(item, keys[1..])) : [];
        }

        return value.IsObject && value[key] is { } child ? Values(child, keys[1..]) : [];
    }

    /// <summary>
    /// The manifest node an object belongs to: its <c>node</c> field (the <c>--nodes</c> value talosctl was given), or,
    /// when talosctl printed none (a single node through the endpoint), the manifest's only node.
    /// </summary>
    private static BundleNode NodeOf(BundleManifest manifest, string file, TalosctlJsonValue root)
    {
        var address = root["node"]?.Text ?? string.Empty;
        if (address.Length == 0)
        {
            return manifest.Nodes.Count == 1
                ? manifest.Nodes[0]
                : throw new InputException(file, root.Line, $"the object names no node (empty \"node\"), and manifest.json lists {manifest.Nodes.Count} nodes");
        }

        return manifest.Nodes.FirstOrDefault(n => n.Address == address)
            ?? throw new InputException(file, root["node"]!.Line, $"node {address} is not among the nodes manifest.json lists");
    }

    private static KubernetesList ReadKubernetes(string plural, string file, IReadOnlyList<TalosctlJsonValue> objects)
    {
        if (objects.Count != 1)
        {
            throw new InputException(file, objects.Count == 0 ? 0 : objects[^1].Line, "expected one List object (kubectl get " + plural + " -A -o json)");
        }

        var root = objects[0];
        if (root["kind"]?.AsString() != "List" || root["items"] is not { Kind: TalosctlJsonKind.Array } items)
        {
            throw new InputException(file, root.Line, $"unknown resource shape: expected a List with items (kubectl get {plural} -A -o json)");
        }

        foreach (var item in items.Items)
        {
            if (!item.IsObject || item["kind"]?.AsString() is null || item["metadata"] is not { IsObject: true })
            {
                throw new InputException(file, item.Line, "unknown resource shape: a list item without kind and metadata");
            }
        }

        return new KubernetesList(plural, file, root);
    }

    private static string RefusedReason(BundleRefusal refusal) =>
        refusal.Error.Length == 0 ? "refused" : "refused: " + refusal.Error;

    private static string AbsentReason(BundleManifest manifest, string resource) =>
        TalosResourceKinds.Find(resource) is { AdminOnly: true } && !manifest.IsAdmin
            ? $"needs os:admin; the bundle was collected as {(manifest.Role.Length == 0 ? "os:reader" : manifest.Role)}"
            : $"talos/{resource}.json is not in the bundle";

    private static List<NotCollectedEvidence> Missing(BundleManifest manifest, SortedDictionary<string, TalosResourceFile> talos,
        SortedDictionary<string, KubernetesList> kubernetes, bool hasKubernetes)
    {
        var missing = new List<NotCollectedEvidence>();
        foreach (var refusal in manifest.Refused)
        {
            missing.Add(new NotCollectedEvidence(refusal.Node, refusal.Resource, RefusedReason(refusal)));
        }

        foreach (var kind in TalosResourceKinds.All.Where(k => !talos.ContainsKey(k.Name)))
        {
            if (!missing.Any(m => m.Node is null && m.Resource == kind.Name))
            {
                missing.Add(new NotCollectedEvidence(null, kind.Name, AbsentReason(manifest, kind.Name)));
            }
        }

        if (!hasKubernetes)
        {
            missing.Add(new NotCollectedEvidence(null, "kubernetes", "no kubernetes/ directory in the bundle (collected without a kubeconfig)"));
        }
        else
        {
            foreach (var plural in KubernetesPlurals.Where(p => !kubernetes.ContainsKey(p)))
            {
                var resource = "kubernetes/" + plural;
                if (!missing.Any(m => m.Node is null && m.Resource == resource))
                {
                    missing.Add(new NotCollectedEvidence(null, resource, $"kubernetes/{plural}.json is not in the bundle"));
                }
            }
        }

        missing.Sort(NotCollectedEvidence.Compare);
        return missing;
    }
}
