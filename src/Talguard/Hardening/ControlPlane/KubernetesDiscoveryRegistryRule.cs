using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.ControlPlane;

/// <summary>TG-K8S-010: the deprecated Kubernetes discovery registry switched on.</summary>
public sealed class KubernetesDiscoveryRegistryRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-K8S-010", Severity.Low, Section.ControlPlane,
        "Kubernetes discovery registry enabled",
        "The Kubernetes registry stores discovery data in Node annotations; it is deprecated and off by default since Talos v1.2, and conflicts with the node authorizer's selector checks (AuthorizeNodeWithSelectors, Kubernetes 1.32+).",
        "Set cluster.discovery.registries.kubernetes.disabled: true and rely on the discovery service registry.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "2.2.1", "CC7.1"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var (document, disabled) in context.Configs.SelectMany(file => DiscoverySettings.Of(file).KubernetesRegistryDisabled))
        {
            if (disabled.AsBool() == false)
            {
                context.Report(Definition, document, disabled, "cluster.discovery.registries.kubernetes.disabled is false: the deprecated Kubernetes registry is in use",
                    TalosPatch.Set(document, disabled, "true"));
            }
        }
    }
}
