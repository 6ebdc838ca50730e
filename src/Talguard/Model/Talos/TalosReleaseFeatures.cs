namespace Talguard.Model.Talos;

/// <summary>
/// A release-specific part of a file (a document kind or a key) and the Talos release bound it sets:
/// <see cref="Release"/> is the first release that accepts it, or for a removed key the last one.
/// </summary>
/// <param name="Names">The kinds (or key paths) that set the bound, distinct, in file order.</param>
internal sealed record ReleaseEvidence(TalosVersion Release, LocatedDocument Document, YamlNode Node, bool IsKind, IReadOnlyList<string> Names)
{
    /// <summary>Short text for reports: <c>v1.14 document kinds (KubeAPIServerConfig, KubeletConfig, ...)</c>.</summary>
    public string Describe(string qualifier = "")
    {
        const int Shown = 3;
        var names = string.Join(", ", Names.Take(Shown)) + (Names.Count > Shown ? ", ..." : string.Empty);
        var what = IsKind ? (Names.Count == 1 ? "document kind" : "document kinds") : (Names.Count == 1 ? "field" : "fields");
        return $"{Release}{qualifier} {what} ({names})";
    }
}

/// <summary>The releases a file's content fits: at least <see cref="Lowest"/>, at most <see cref="Highest"/> (null: no bound).</summary>
internal sealed record ReleaseBounds(ReleaseEvidence? Lowest, ReleaseEvidence? Highest);

/// <summary>
/// Which Talos releases the kinds and keys of a file fit, from <see cref="TalosModel"/> (itself checked against the
/// v1.11 to v1.14 schemas): a kind that exists only from v1.14 means the file was written for v1.14 or later, a key
/// the model marks as removed after v1.12 means v1.12 or earlier. Kinds and keys every modelled release accepts
/// say nothing, so most files written for v1.11 to v1.13 give no bound and keep the default target.
/// </summary>
internal static class TalosReleaseFeatures
{
    public static ReleaseBounds Of(IEnumerable<LocatedDocument> documents)
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
                collector.Lowest(kind.FirstRelease, document, root["kind"] ?? root, isKind: true, kind.Kind);
            }

            collector.Walk(document, root, kind.Shape, new YamlVisits());
        }

        return new ReleaseBounds(collector.LowestEvidence, collector.HighestEvidence);
    }

    private sealed class Collector
    {
        public ReleaseEvidence? LowestEvidence { get; private set; }

        public ReleaseEvidence? HighestEvidence { get; private set; }

        public void Lowest(TalosVersion release, LocatedDocument document, YamlNode node, bool isKind, string name)
        {
            if (LowestEvidence is null || release > LowestEvidence.Release || (release == LowestEvidence.Release && isKind && !LowestEvidence.IsKind))
            {
                LowestEvidence = new ReleaseEvidence(release, document, node, isKind, [name]);
            }
            else if (release == LowestEvidence.Release && isKind == LowestEvidence.IsKind && !LowestEvidence.Names.Contains(name))
            {
                LowestEvidence = LowestEvidence with { Names = [.. LowestEvidence.Names, name] };
            }
        }

        private void Highest(TalosVersion release, LocatedDocument document, YamlNode node, string name)
        {
            if (HighestEvidence is null || release < HighestEvidence.Release)
            {
                HighestEvidence = new ReleaseEvidence(release, document, node, IsKind: false, [name]);
            }
            else if (release == HighestEvidence.Release && !HighestEvidence.Names.Contains(name))
            {
                HighestEvidence = HighestEvidence with { Names = [.. HighestEvidence.Names, name] };
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
                            Lowest(first, document, key, isKind: false, Name(document, value));
                        }

                        if (field.LastRelease is { } last)
                        {
                            Highest(last, document, key, Name(document, value));
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
