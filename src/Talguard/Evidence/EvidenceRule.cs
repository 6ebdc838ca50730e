using Talguard.Findings;

namespace Talguard.Evidence;

/// <summary>
/// A rule over evidence from a running node (a <c>TG-LIVE-*</c> rule of <c>talguard verify</c>): one descriptor, with
/// <see cref="RuleInputs.NodeEvidence"/> as its input, and a check run once per node of the bundle. Rules are stateless;
/// a node's evidence, the options and where to report come with <see cref="NodeEvidence"/>.
/// </summary>
internal abstract class EvidenceRule
{
    public abstract RuleDescriptor Descriptor { get; }

    public abstract void Check(NodeEvidence node);

    public override string ToString() => Descriptor.Id;
}
