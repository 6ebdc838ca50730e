using Talguard.Evidence;
using Talguard.Findings;

namespace Talguard.Hardening.Network;

/// <summary>The rules of the guide section "Network".</summary>
public sealed class NetworkRules : IRuleSection
{
    public static readonly NetworkRules Instance = new();

    public Section Section => Section.Network;

    public IReadOnlyList<Rule> ScanRules { get; } =
    [
        new DefaultBlockRule(),
        new EtcdExposureRule(),
        new KubeletTrustdExposureRule(),
        new ApidExposureRule(),
        new NodeIpSubnetsRule(),
        new PlaintextLogEndpointRule(),
        new NodePortAddressesRule(),
    ];

    /// <summary>The section's evidence rules (TG-LIVE-*) that <c>talguard verify</c> runs on each node of a bundle.</summary>
    internal IReadOnlyList<EvidenceRule> EvidenceRules { get; } =
    [
        new LiveIngressFirewallRule(),
    ];

    public IReadOnlyList<RuleDescriptor> OtherDescriptors => [.. EvidenceRules.Select(r => r.Descriptor)];
}
