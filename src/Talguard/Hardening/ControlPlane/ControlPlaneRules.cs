using Talguard.Evidence;
using Talguard.Findings;

namespace Talguard.Hardening.ControlPlane;

/// <summary>The rules of the guide section "ControlPlane": API server, controller manager, scheduler, kubelet and kernel.</summary>
public sealed class ControlPlaneRules : IRuleSection
{
    public static readonly ControlPlaneRules Instance = new();

    public Section Section => Section.ControlPlane;

    public IReadOnlyList<Rule> ScanRules { get; } =
    [
        new ApiServerAnonymousAuthRule(),
        new ProfilingRule(),
        new AlwaysAllowAuthorizationRule(),
        new AdmissionPluginsRule(),
        new TlsSettingsRule(),
        new KubeletAccessRule(),
        new SeccompDefaultRule(),
        new KernelSysctlRule(),
        new SelinuxEnforcingRule(),
        new KubernetesDiscoveryRegistryRule(),
        new AllInterfacesListenRule(),
    ];

    /// <summary>The section's evidence rules (TG-LIVE-*) that <c>talguard verify</c> runs on each node of a bundle.</summary>
    internal IReadOnlyList<EvidenceRule> EvidenceRules { get; } =
    [
        new LiveSelinuxRule(),
        new LiveKernelParamRule(),
    ];

    public IReadOnlyList<RuleDescriptor> OtherDescriptors => [.. EvidenceRules.Select(r => r.Descriptor)];
}
