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

    public IReadOnlyList<RuleDescriptor> OtherDescriptors { get; } = [];
}
