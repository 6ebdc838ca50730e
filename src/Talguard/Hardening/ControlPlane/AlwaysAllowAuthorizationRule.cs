using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.ControlPlane;

/// <summary>TG-K8S-003: an authorizer that allows every request.</summary>
public sealed class AlwaysAllowAuthorizationRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-K8S-003", Severity.Critical, Section.ControlPlane,
        "Authorization mode AlwaysAllow",
        "Talos adds authorization-mode=Node,RBAC (additively); AlwaysAllow in the list authorizes every authenticated request, so RBAC no longer limits anyone. On the kubelet it opens the kubelet API to every authenticated client.",
        "Remove AlwaysAllow from authorization-mode; Talos already configures Node,RBAC for the API server and Webhook for the kubelet.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("1.2.6 1.2.7 1.2.8", "7.3.1 7.3.3", "CC6.1 CC6.3"));

    private static readonly (KubeComponent Component, string Fallback)[] Components = [(KubeComponent.ApiServer, "Node,RBAC"), (KubeComponent.Kubelet, "Webhook")];

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var (component, fallback) in Components)
        {
            foreach (var (document, arg) in ComponentArgs.Values(context, component, "authorization-mode"))
            {
                if (!ExtraArgs.SplitList(arg.Value).Contains("AlwaysAllow", StringComparer.Ordinal))
                {
                    continue;
                }

                var kept = ComponentArgs.Siblings(arg).SelectMany(ExtraArgs.SplitList).Where(m => m != "AlwaysAllow").Distinct(StringComparer.Ordinal).ToArray();
                context.Report(Definition, document, arg.Node, component.Name + " authorization-mode \"" + arg.Value + "\" contains AlwaysAllow: every request is authorized",
                    ComponentArgs.Patch(document, arg, kept.Length > 0 ? string.Join(',', kept) : fallback));
            }
        }
    }
}
