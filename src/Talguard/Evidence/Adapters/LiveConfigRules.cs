using Talguard.Findings;
using Talguard.Hardening.AuditLogging;
using Talguard.Hardening.ControlPlane;
using Talguard.Model;

namespace Talguard.Evidence.Adapters;

/// <summary>
/// The scan rules on a running node's evidence: the K8S and AUD rules on its components (static pods, kubelet spec,
/// audit policy) and, with an admin bundle, every scan rule on its machine config. The rules are the ones <c>scan</c>
/// runs, reading the same typed views; only the findings' places change, to the bundle file, line and JSON path of
/// the value, and each message names the node. Findings carry no Talos patch: the fix belongs in the config the
/// node was given, not in the evidence.
/// </summary>
internal static class LiveConfigRules
{
    /// <summary>The rules that judge component flags, kubelet settings and the audit policy.</summary>
    private static readonly IReadOnlyList<Rule> ComponentRules = [.. ControlPlaneRules.Instance.ScanRules, .. AuditLoggingRules.Instance.ScanRules];

    /// <summary>The K8S and AUD findings on the node's components; none when the bundle holds none of their evidence.</summary>
    public static IReadOnlyList<Finding> JudgeComponents(LiveNodeEvidence node, ScanOptions options)
    {
        var live = new LiveComponentConfig();
        foreach (var pod in node.StaticPods)
        {
            live.AddStaticPod(pod);
        }

        // apiserverconfig holds only the user's overrides: it stands in when the static pod, which shows every flag, is missing.
        if (!node.StaticPods.Any(p => p.At("metadata", "id")?.AsString() == "kube-apiserver"))
        {
            foreach (var config in node.ApiServerConfigs)
            {
                live.AddApiServerConfig(config);
            }
        }

        foreach (var kubelet in node.KubeletSpecs)
        {
            live.AddKubeletSpec(kubelet);
        }

        foreach (var policy in node.AuditPolicies)
        {
            live.AddAuditPolicy(policy);
        }

        if (!live.HasEvidence)
        {
            return [];
        }

        var file = live.ToSourceFile($"node {node.Address}");
        var absent = live.Absent;
        // A finding's document kind is the metadata.type of the object its value was read from, as for every evidence finding.
        var types = node.StaticPods.Concat(node.KubeletSpecs).Concat(node.ApiServerConfigs).Concat(node.AuditPolicies)
            .Where(o => o.Origin is not null && o.At("metadata", "type")?.AsString() is not null)
            .DistinctBy(o => o.Origin!.File)
            .ToDictionary(o => o.Origin!.File, o => o.At("metadata", "type")!.AsString()!, StringComparer.Ordinal);
        var result = Scan(file, node, options, ComponentRules);
        return [.. result.Select(f => Relocate(f, node, absent, types))];
    }

    /// <summary>The node's machine config loaded as the file a scan reads (its own positions, inside the config text).</summary>
    /// <exception cref="InputException">The config text is not YAML: named by the bundle file and line.</exception>
    public static SourceFile LoadMachineConfig(EmbeddedConfig config)
    {
        try
        {
            return InputLoader.Parse(config.File, null, config.Text);
        }
        catch (InputException ex)
        {
            var mark = ex.Line > 0 ? config.BundleMark(OffsetOfLine(config.Text, ex.Line)) : config.MarkAt(config.ByteOffsets[0]);
            throw new InputException(config.File, mark.Line, "machineconfig spec is not a machine config: " + ex.Message);
        }
    }

    /// <summary>Every scan rule on the node's machine config, with the findings' places inside the config (see <see cref="InBundle"/>).</summary>
    public static IReadOnlyList<Finding> JudgeMachineConfig(SourceFile config, LiveNodeEvidence node, ScanOptions options) =>
        Scan(config, node, options, RuleCatalog.ScanRules);

    /// <summary>A finding on the machine config placed in the bundle: file, line and column of the value, the node named.</summary>
    public static Finding InBundle(Finding finding, EmbeddedConfig config, string address)
    {
        var mark = config.BundleMark(finding.Location.Offset);
        var inside = finding.Location.Document == 0 ? string.Empty : $" (document {finding.Location.Document})";
        return finding with
        {
            Message = $"node {address}: {finding.Message}",
            Location = finding.Location with
            {
                File = config.File,
                Line = mark.Line,
                Column = mark.Column,
                Offset = mark.Offset,
                Document = config.Document,
                Kind = config.Type,
                Path = $"spec{inside}: {finding.Location.Path}",
            },
            Fix = null,
        };
    }

    internal static IReadOnlyList<Finding> Scan(SourceFile file, LiveNodeEvidence node, ScanOptions options, IReadOnlyList<Rule> rules)
    {
        var targets = new TargetOverrides(node.TalosVersion, options.Targets.KubernetesVersion);
        var model = new ClusterModel([file], targets);
        return Scanner.Scan(model, options with { Targets = targets }, rules).Findings;
    }

    /// <summary>Names the node; a value presented for an absent flag points at where the flag belongs and says why.</summary>
    private static Finding Relocate(Finding finding, LiveNodeEvidence node, IReadOnlyDictionary<string, (string EvidencePath, string Note)> absent, IReadOnlyDictionary<string, string> types)
    {
        var message = $"node {node.Address}: {finding.Message}";
        var location = finding.Location;
        if (absent.TryGetValue(location.Path, out var missing))
        {
            message += $" ({missing.Note})";
            location = location with { Path = missing.EvidencePath };
        }

        return finding with { Message = message, Location = location with { Kind = types.GetValueOrDefault(location.File, location.Kind) }, Fix = null };
    }

    private static long OffsetOfLine(string text, int line)
    {
        var offset = 0;
        for (var i = 1; i < line && offset >= 0; i++)
        {
            offset = text.IndexOf('\n', offset) + 1;
        }

        return Math.Max(offset, 0);
    }
}
