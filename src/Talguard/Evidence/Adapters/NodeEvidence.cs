using Talguard.Model;

namespace Talguard.Evidence.Adapters;

/// <summary>
/// The evidence of one node that the scan rules judge, each object as located YAML nodes: its static pods,
/// <c>kubeletspec</c>, <c>apiserverconfig</c>, <c>auditpolicyconfig</c> and (admin bundles) its machine config.
/// </summary>
internal sealed record NodeEvidence(string Address, NodeRole Role, TalosVersion TalosVersion)
{
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
/// <param name="MarkAt">The line and column of a byte offset of the file.</param>
internal sealed record EmbeddedConfig(string File, int Document, string Text, int[] ByteOffsets, Func<long, SourceMark> MarkAt)
{
    /// <summary>Where character <paramref name="offset"/> of the config text is in the bundle file.</summary>
    public SourceMark BundleMark(long offset) => MarkAt(ByteOffsets[(int)Math.Clamp(offset, 0, ByteOffsets.Length - 1)]);
}
