using Talguard.Findings;

namespace Talguard.Evidence;

/// <summary>What <c>talguard verify</c> was asked beside the bundle.</summary>
/// <param name="ExpectedExtensions">The system extensions every node should run (<c>--expect-extensions</c>); null when not given, so TG-LIVE-009 does not judge.</param>
/// <param name="ExpectDirectory">The configs in Git the running machine configs are compared with (<c>--expect</c>); null: no drift is judged.</param>
internal sealed record VerifyOptions(IReadOnlyList<string>? ExpectedExtensions, string? ExpectDirectory = null);

/// <summary>
/// One verify run over a bundle: the evidence, the options, and what the judges found: findings, evidence that was
/// not collected (beyond the bundle's own list) and notices.
/// </summary>
internal sealed class EvidenceRun(EvidenceBundle bundle, VerifyOptions options)
{
    private readonly List<Finding> _findings = [];
    private readonly List<NotCollectedEvidence> _notCollected = [];
    private readonly SortedSet<string> _notices = new(StringComparer.Ordinal);

    public EvidenceBundle Bundle { get; } = bundle;

    public VerifyOptions Options { get; } = options;

    public IReadOnlyList<Finding> Findings => _findings;

    /// <summary>The bundle's own list and what the judges added, each entry once, sorted.</summary>
    public IReadOnlyList<NotCollectedEvidence> NotCollected
    {
        get
        {
            var all = Bundle.NotCollected.Concat(_notCollected).Distinct().ToList();
            all.Sort(NotCollectedEvidence.Compare);
            return all;
        }
    }

    public IReadOnlyList<string> Notices => [.. _notices];

    public void Report(Finding finding) => _findings.Add(finding);

    /// <summary>Evidence a judge needed and the bundle lacks for <paramref name="node"/>: listed, never a pass.</summary>
    public void AddNotCollected(BundleNode? node, string resource, string reason) => _notCollected.Add(new NotCollectedEvidence(node?.Address, resource, reason));

    public void AddNotice(string notice) => _notices.Add(notice);

    /// <summary>The view of one node that evidence rules judge.</summary>
    public NodeEvidence For(BundleNode node) => new(this, node);
}

/// <summary>
/// What an <see cref="EvidenceRule"/> sees of one node: its resources, its Talos release, and where to report.
/// Findings name the node, the resource and the evidence (field and value), at the bundle file and line.
/// </summary>
internal sealed class NodeEvidence(EvidenceRun run, BundleNode node)
{
    public BundleNode Node { get; } = node;

    public VerifyOptions Options => run.Options;

    /// <summary>The node's objects of <paramref name="resource"/>, or why there are none to judge (see <see cref="NodeResources"/>).</summary>
    public NodeResources Resources(string resource) => run.Bundle.For(Node, resource);

    /// <summary>
    /// The object <paramref name="id"/> of <paramref name="resource"/>, which every node has; null when it cannot be
    /// judged, listed as not collected when the file was collected yet holds no such object for the node.
    /// </summary>
    public EvidenceResource? Required(string resource, string id)
    {
        var resources = Resources(resource);
        if (!resources.Collected)
        {
            return null;
        }

        if (resources.Find(id) is { } found)
        {
            return found;
        }

        AddNotCollected(resource, $"no {resource} {id} for the node in talos/{resource}.json");
        return null;
    }

    /// <summary>
    /// Whether <paramref name="rule"/> judges this node's release (its <see cref="RuleDescriptor.Versions"/>); a node the
    /// manifest gives no version for cannot be judged by a version-gated rule, and is listed as not collected.
    /// </summary>
    public bool Judges(RuleDescriptor rule, string resource)
    {
        if (rule.Versions == TalosVersionRange.All)
        {
            return true;
        }

        if (Node.Release is not { } release)
        {
            AddNotCollected(resource, $"manifest.json gives no talosVersion for the node: {rule.Id} judges only Talos {rule.Versions}");
            return false;
        }

        return rule.Versions.Contains(release);
    }

    /// <summary>A finding at <paramref name="location"/>; the message starts with the node's address.</summary>
    public void Report(RuleDescriptor rule, Location location, string message, Severity? severity = null) =>
        run.Report(new Finding(rule, severity ?? rule.Severity, $"node {Node.Address}: {message}", location));

    /// <summary>A finding about spec field <paramref name="key"/> of <paramref name="resource"/>: its value as evidence, or that talosctl left it out.</summary>
    public void ReportField(RuleDescriptor rule, EvidenceResource resource, string key, string meaning, Severity? severity = null)
    {
        var evidence = resource[key] is { } value ? $"{value.Path} = {value.Display()}" : $"{YamlPathOf(resource, key)} is absent";
        Report(rule, resource.AtField(key), $"{resource.Describe()} {evidence}: {meaning}", severity);
    }

    public void AddNotCollected(string resource, string reason) => run.AddNotCollected(Node, resource, reason);

    /// <summary>The bundle file of <paramref name="resource"/> as reports name it, for findings about something the file lacks.</summary>
    public string FileOf(string resource) => run.Bundle.Talos(resource)?.File ?? run.Bundle.FileName($"talos/{resource}.json");

    public void AddNotice(string notice) => run.AddNotice(notice);

    private static string YamlPathOf(EvidenceResource resource, string key) => Model.YamlPath.Child(resource.Spec.Path, key);
}
