using Talguard.Evidence.Adapters;
using Talguard.Findings;
using Talguard.Hardening.Drift;
using Talguard.Model;
using Talguard.Reports;

namespace Talguard.Evidence.Drift;

/// <summary>A difference between Git and the node that a rule judges stronger on the node (JSON details, not a finding).</summary>
/// <param name="Rule">The rule the Git config fails and the running config passes.</param>
/// <param name="Path">Where, in the config (<c>machine.install.image</c>).</param>
internal sealed record DriftStrengthened(string Node, string Rule, string Path, string Git, string Live);

/// <summary>What <c>--expect</c> found for one node.</summary>
/// <param name="Config">The Git config the node was matched with.</param>
internal sealed record NodeDrift(string Node, string Config, IReadOnlyList<Finding> Weakened, IReadOnlyList<DriftStrengthened> Strengthened);

/// <summary>
/// Drift between the configs in Git (<c>--expect DIR</c>, read as <c>talguard scan DIR</c> reads it) and the machine config
/// each node runs. A difference counts as weakening when a scan rule fires on the running config at a place where it does
/// not fire on the Git config (or fires there with a lower severity): the rules decide what is weaker, as they do for a
/// scan, so no second notion of "secure" exists. Both configs are judged at the node's Talos release.
/// </summary>
internal static class ConfigDrift
{
    /// <summary>Keys whose values are secrets: messages say a value is set, never what it is.</summary>
    private static readonly HashSet<string> SecretKeys = new(StringComparer.Ordinal)
    {
        "token", "key", "secret", "secretboxEncryptionSecret", "aescbcEncryptionSecret", "passphrase", "privateKey",
        "presharedKey", "password", "identityToken", "auth", "bootstrapToken", "crt",
    };

    /// <summary>Loads <paramref name="directory"/> as <c>scan</c> does: node configs, talhelper projects, patches.</summary>
    /// <exception cref="InputException">A file in it is not valid input.</exception>
    public static ClusterModel LoadExpected(string directory) => new(InputLoader.Load([directory]));

    /// <summary>
    /// The Git config of a node: the one node config that names its address (an interface address, a file named after it)
    /// or its host name, else the only node config of its role; null when none or several fit.
    /// </summary>
    public static TalosConfigFile? Match(ClusterModel expected, string address, string? hostname, NodeRole role)
    {
        var configs = expected.NodeConfigs.ToList();
        var named = configs.Where(c => Names(c, address) || (hostname is { Length: > 0 } && Names(c, hostname))).ToList();
        if (named.Count == 1)
        {
            return named[0];
        }

        var ofRole = configs.Where(c => c.Role == role).ToList();
        return named.Count == 0 && ofRole.Count == 1 ? ofRole[0] : null;
    }

    /// <summary>The weakening differences of one node (findings placed in the bundle) and the strengthening ones.</summary>
    /// <param name="liveFindings">The scan of the running config, with places inside its text (before <see cref="LiveConfigRules.InBundle"/>).</param>
    public static NodeDrift Compare(TalosConfigFile git, SourceFile live, IReadOnlyList<Finding> liveFindings, EmbeddedConfig config, LiveNodeEvidence node, ScanOptions options)
    {
        var gitFindings = LiveConfigRules.Scan(git.File, node, options, RuleCatalog.ScanRules).Where(f => !f.Suppressed).ToList();
        var gitWorst = gitFindings.GroupBy(Key).ToDictionary(g => g.Key, g => g.Max(f => f.Severity));
        var liveKeys = liveFindings.Select(Key).ToHashSet();
        var weakened = new List<Finding>();
        foreach (var finding in liveFindings.Where(f => !f.Suppressed))
        {
            if (gitWorst.TryGetValue(Key(finding), out var worst) && worst >= finding.Severity)
            {
                continue;
            }

            var liveDocument = live.Documents.ElementAtOrDefault(finding.Location.Document);
            var liveValue = Show(liveDocument is null ? null : NodeAt(liveDocument, finding.Location.Path));
            var gitValue = Show(Counterpart(git.File, liveDocument, finding.Location) is { } gitDocument ? NodeAt(gitDocument, finding.Location.Path) : null);
            var placed = LiveConfigRules.InBundle(finding, config, node.Address);
            weakened.Add(placed with
            {
                Rule = DriftRules.WeakenedOnNode,
                Severity = finding.Severity,
                Message = liveValue == gitValue
                    ? $"node {node.Address}: {Where(finding.Location.Path)} passes {finding.RuleId} in {git.File.DisplayPath} but fails it on the node, "
                        + $"where a setting it depends on changed ({finding.Message})"
                    : $"node {node.Address}: {Where(finding.Location.Path)} is weaker on the node than in {git.File.DisplayPath}: "
                        + $"running {liveValue}, Git {gitValue} ({finding.RuleId}: {finding.Message})",
            });
        }

        var strengthened = gitFindings.Where(f => !liveKeys.Contains(Key(f))).DistinctBy(Key)
            .Select(f => new DriftStrengthened(node.Address, f.RuleId, f.Location.Path,
                Show(Counterpart(git.File, null, f.Location) is { } document ? NodeAt(document, f.Location.Path) : null),
                Show(Counterpart(live, null, f.Location) is { } running ? NodeAt(running, f.Location.Path) : null)))
            .ToList();
        return new NodeDrift(node.Address, git.File.DisplayPath, weakened, strengthened);
    }

    /// <summary>A finding's identity across the two configs: rule, document kind and path (positions and values differ).</summary>
    private static (string Rule, string Kind, string Path) Key(Finding finding) => (finding.RuleId, finding.Location.Kind, finding.Location.Path);

    private static string Where(string path) => path.Length == 0 ? "the document" : path;

    /// <summary>The document of <paramref name="file"/> that stands for the one a finding is in: same kind and, for named documents, same name.</summary>
    private static LocatedDocument? Counterpart(SourceFile file, LocatedDocument? like, Location location)
    {
        var name = like?.Root?["name"]?.AsString();
        return file.Documents.Where(d => d.IsTalos && d.Kind == location.Kind).FirstOrDefault(d => name is null || d.Root?["name"]?.AsString() == name);
    }

    /// <summary>The node at a finding's path in <paramref name="document"/>, or null when nothing is set there.</summary>
    private static YamlNode? NodeAt(LocatedDocument document, string path) =>
        document.Root is null ? null : path.Length == 0 ? document.Root : Walk(document.Root).FirstOrDefault(n => n.Path == path);

    private static IEnumerable<YamlNode> Walk(YamlNode node)
    {
        yield return node;
        var children = node.IsMapping ? node.Entries.Select(e => e.Value) : node.Items.AsEnumerable();
        foreach (var child in children)
        {
            foreach (var descendant in Walk(child))
            {
                yield return descendant;
            }
        }
    }

    /// <summary>A value as a message shows it: short scalars as written, secrets only as "set", collections by shape.</summary>
    private static string Show(YamlNode? node) => node switch
    {
        null => "not set",
        { IsScalar: true } when node.KeyInParent is { } key && SecretKeys.Contains(key) => "set (value not shown)",
        { IsScalar: true } when node.IsNull => "null",
        { IsScalar: true } => "\"" + DisplayText.Shorten(node.Value, 80) + "\"",
        { IsMapping: true } => node.Entries.Count == 0 ? "{}" : $"a mapping ({Count(node.Entries.Count, "key")})",
        _ => node.Items.Count == 0 ? "[]" : $"a list ({Count(node.Items.Count, "item")})",
    };

    private static string Count(int count, string noun) => count == 1 ? "1 " + noun : $"{count} {noun}s";

    /// <summary>Whether a config names <paramref name="name"/>: a file named after it, or a Talos value equal to it (an address with or without its prefix length).</summary>
    private static bool Names(TalosConfigFile config, string name)
    {
        if (string.Equals(Path.GetFileNameWithoutExtension(config.File.DisplayPath), name, StringComparison.Ordinal))
        {
            return true;
        }

        // The cluster section names other nodes (endpoints, SANs, etcd subnets); only the node's own settings name it.
        return config.Documents.Any(d => d.Root is { } root && Walk(root).Any(n =>
            n.IsScalar && !n.Path.StartsWith("cluster", StringComparison.Ordinal) && !n.Path.Contains("certSANs", StringComparison.Ordinal)
            && (n.Value == name || (n.Value.StartsWith(name + "/", StringComparison.Ordinal) && n.Value.IndexOf('/', StringComparison.Ordinal) == name.Length))));
    }
}
