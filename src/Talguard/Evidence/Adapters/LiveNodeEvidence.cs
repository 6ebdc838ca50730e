using Talguard.Model;

namespace Talguard.Evidence.Adapters;

/// <summary>
/// The evidence of one node that the scan rules judge, each object as located YAML nodes: its static pods,
/// <c>kubeletspec</c>, <c>apiserverconfig</c>, <c>auditpolicyconfig</c> and (admin bundles) its machine config.
/// </summary>
/// <param name="TalosVersion">The node's Talos release from the manifest; null when it gives none (the config's own evidence decides).</param>
internal sealed record LiveNodeEvidence(string Address, NodeRole Role, TalosVersion? TalosVersion)
{
    /// <summary>What collection writes in place of a secret (and of a machine config it could not redact with certainty).</summary>
    public const string RedactionMarker = "TALGUARD-REDACTED";

    /// <summary>The node's name as the kubelet registers it (<c>kubeletspec</c> <c>expectedNodename</c>); null when unknown.</summary>
    public string? Hostname { get; init; }

    public IReadOnlyList<YamlNode> StaticPods { get; init; } = [];

    public IReadOnlyList<YamlNode> KubeletSpecs { get; init; } = [];

    public IReadOnlyList<YamlNode> ApiServerConfigs { get; init; } = [];

    public IReadOnlyList<YamlNode> AuditPolicies { get; init; } = [];

    /// <summary>The <c>machineconfig</c> object's config, when the bundle holds it (admin rights).</summary>
    public EmbeddedConfig? MachineConfig { get; init; }
}

/// <summary>
/// A machine config as the <c>machineconfig</c> resource holds it: <c>spec</c> is one JSON string with the whole YAML.
/// <see cref="ByteOffsets"/> maps each character of <see cref="Text"/> to the byte of the bundle file it was written at
/// (escapes included), so a finding inside the config points at its very place in the bundle.
/// </summary>
/// <param name="File">The bundle file (<c>BUNDLE/talos/machineconfig.json</c>).</param>
/// <param name="Document">The index of the node's object in that file.</param>
/// <param name="Type">The object's <c>metadata.type</c> (a finding's document kind, as for every evidence finding).</param>
/// <param name="MarkAt">The line and column of a byte offset of the file.</param>
internal sealed record EmbeddedConfig(string File, int Document, string Type, string Text, int[] ByteOffsets, Func<long, SourceMark> MarkAt)
{
    /// <summary>Where character <paramref name="offset"/> of the config text is in the bundle file.</summary>
    public SourceMark BundleMark(long offset) => MarkAt(ByteOffsets[(int)Math.Clamp(offset, 0, ByteOffsets.Length - 1)]);
}

/// <summary>Reads what the scan rules judge of one node from a loaded bundle.</summary>
internal static class LiveNodeEvidenceReader
{
    /// <summary>
    /// The node's evidence; <paramref name="withheld"/> is set when collection replaced the whole machine config with the
    /// redaction marker (it could not redact it with certainty), which is then not collected rather than judged.
    /// </summary>
    /// <param name="bundlePath">The bundle directory on disk (the machine config's bytes are read again for its positions).</param>
    public static LiveNodeEvidence Read(EvidenceBundle bundle, BundleNode node, string bundlePath, out NotCollectedEvidence? withheld)
    {
        withheld = null;
        IReadOnlyList<YamlNode> Objects(string resource) => [.. bundle.For(node, resource).Objects.Select(EvidenceYaml.From)];
        var kubelet = Objects("kubeletspec");
        EmbeddedConfig? machineConfig = null;
        var configs = bundle.For(node, TalosResourceKinds.MachineConfig).Objects;
        if ((configs.FirstOrDefault(o => o.Id == "v1alpha1") ?? configs.FirstOrDefault()) is { } resource && resource.Spec.AsString() is { } text)
        {
            if (text.Trim() == LiveNodeEvidence.RedactionMarker)
            {
                withheld = new NotCollectedEvidence(node.Address, TalosResourceKinds.MachineConfig,
                    "withheld at collection: its secrets could not be redacted with certainty, so no rule judged it");
            }
            else
            {
                var positions = new JsonTextPositions(File.ReadAllBytes(Path.Combine(bundlePath, "talos", TalosResourceKinds.MachineConfig + ".json")));
                var (decoded, offsets) = positions.DecodeString(resource.Spec.Offset + 1);
                machineConfig = new EmbeddedConfig(resource.File, resource.Index, resource.Type, decoded, offsets, positions.MarkAt);
            }
        }

        return new LiveNodeEvidence(node.Address, RoleOf(node), node.Release)
        {
            Hostname = kubelet.Select(k => k.At("spec", "expectedNodename")?.AsString()).FirstOrDefault(h => h is { Length: > 0 }),
            StaticPods = Objects("staticpods"),
            KubeletSpecs = kubelet,
            ApiServerConfigs = Objects("apiserverconfig"),
            AuditPolicies = Objects("auditpolicyconfig"),
            MachineConfig = machineConfig,
        };
    }

    private static NodeRole RoleOf(BundleNode node) => node.Role switch
    {
        "controlplane" or "init" => NodeRole.ControlPlane,
        "worker" => NodeRole.Worker,
        _ => NodeRole.Patch,
    };
}
