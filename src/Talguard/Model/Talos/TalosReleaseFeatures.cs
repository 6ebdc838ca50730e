namespace Talguard.Model.Talos;

/// <summary>
/// The newest release-specific parts of a file (document kinds, else keys): <see cref="Release"/> is the first release
/// that accepts them, so the file was written for it or a later one.
/// </summary>
/// <param name="Node">Where the first of them is.</param>
/// <param name="Names">The kinds (or key paths), distinct, in file order; a few more than <see cref="Shown"/> at most.</param>
internal sealed record ReleaseEvidence(TalosVersion Release, LocatedDocument Document, YamlNode Node, bool IsKind, IReadOnlyList<string> Names)
{
    /// <summary>How many names <see cref="Describe"/> shows before "...".</summary>
    public const int Shown = 3;

    /// <summary>Short text for reports: <c>v1.14 document kinds (KubeAPIServerConfig, KubeletConfig, ...)</c>.</summary>
    public string Describe()
    {
        var names = string.Join(", ", Names.Take(Shown)) + (Names.Count > Shown ? ", ..." : string.Empty);
        var what = IsKind ? (Names.Count == 1 ? "document kind" : "document kinds") : (Names.Count == 1 ? "field" : "fields");
        return $"{Release} {what} ({names})";
    }
}

/// <summary>
/// Which Talos releases the kinds and keys of a file fit, from <see cref="TalosModel"/> (itself checked against the
/// v1.11 to v1.14 schemas): a kind that exists only from v1.14 means the file was written for v1.14 or later. Kinds
/// and keys every modelled release accepts say nothing, so most files written for v1.11 to v1.13 keep the default.
/// </summary>
internal static class TalosReleaseFeatures
{
    /// <summary>The newest release-specific kinds (else keys) of <paramref name="documents"/>; null when every modelled release accepts them all.</summary>
    public static ReleaseEvidence? Newest(IEnumerable<LocatedDocument> documents)
    {
        var collector = new Collector();
        foreach (var document in documents)
        {
            if (document.Root is not { IsMapping: true } root || TalosModel.Find(document) is not { } kind)
            {
                continue;
            }

            if (kind != TalosModel.MainDocument && kind.FirstRelease > TalosModel.OldestRelease)
            {
                collector.Add(kind.FirstRelease, document, root["kind"] ?? root, isKind: true, kind.Kind);
            }

            collector.Walk(document, root, kind.Shape, new YamlVisits());
        }

        return collector.Newest;
    }

    private sealed class Collector
    {
        private readonly List<string> _names = [];
        private (TalosVersion Release, LocatedDocument Document, YamlNode Node, bool IsKind)? _newest;

        /// <summary>The evidence, naming at most one more than <see cref="ReleaseEvidence.Describe"/> shows (so it knows to add "...").</summary>
        public ReleaseEvidence? Newest => _newest is { } n ? new ReleaseEvidence(n.Release, n.Document, n.Node, n.IsKind, [.. _names]) : null;

        public void Add(TalosVersion release, LocatedDocument document, YamlNode node, bool isKind, string name)
        {
            if (_newest is not { } current || release > current.Release || (release == current.Release && isKind && !current.IsKind))
            {
                _newest = (release, document, node, isKind);
                _names.Clear();
                _names.Add(name);
            }
            else if (release == current.Release && isKind == current.IsKind && _names.Count <= ReleaseEvidence.Shown && !_names.Contains(name))
            {
                _names.Add(name);
            }
        }

        /// <summary>Walks the keys Talos's decoder reads (free-form content is not looked into, as Talos does not).</summary>
        public void Walk(LocatedDocument document, YamlNode node, TalosShape shape, YamlVisits visits)
        {
            if (!visits.Enter(node))
            {
                return;
            }

            switch (shape)
            {
                case ObjectShape fields when node.IsMapping:
                    foreach (var (key, value) in node.Entries)
                    {
                        if (fields.Find(key.Value) is not { } field)
                        {
                            continue;
                        }

                        if (field.FirstRelease is { } first && first > TalosModel.OldestRelease)
                        {
                            Add(first, document, key, isKind: false, Name(document, value));
                        }

                        Walk(document, value, field.Shape, visits);
                    }

                    break;
                case MapShape map when node.IsMapping:
                    foreach (var (_, value) in node.Entries)
                    {
                        Walk(document, value, map.Values, visits);
                    }

                    break;
                case ListShape list when node.IsSequence:
                    foreach (var item in node.Items)
                    {
                        Walk(document, item, list.Items, visits);
                    }

                    break;
                default:
                    break;
            }
        }

        private static string Name(LocatedDocument document, YamlNode value) =>
            document.Class == DocumentClass.TalosDocument ? $"{document.Kind} {value.Path}" : value.Path;
    }
}

/// <summary>
/// Releases older than the modelled ones (v1.11 on) that first accepted a setting a rule's fix writes, from the
/// Talos v1alpha1 types of each tag: a rule whose fix needs one does not judge an older target.
/// </summary>
internal static class TalosFeatureReleases
{
    /// <summary><c>cluster.apiServer.admissionControl</c> (the Pod Security admission configuration).</summary>
    public static readonly TalosVersion AdmissionControl = new(1, 0);

    /// <summary><c>machine.kubelet.defaultRuntimeSeccompProfileEnabled</c>.</summary>
    public static readonly TalosVersion SeccompDefault = new(1, 2);

    /// <summary><c>cluster.apiServer.auditPolicy</c>.</summary>
    public static readonly TalosVersion AuditPolicy = new(1, 3);

    /// <summary>Signed Secure Boot installer images, and the <c>tpm</c> and <c>kms</c> disk-encryption keys.</summary>
    public static readonly TalosVersion SecureBoot = new(1, 5);
}
