using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.ControlPlane;

/// <summary>TG-K8S-006: the kubelet API reachable without credentials.</summary>
public sealed class KubeletAccessRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-K8S-006", Severity.High, Section.ControlPlane,
        "Kubelet serves unauthenticated requests",
        "Talos leaves the kubelet read-only port off and disables anonymous auth. The read-only port (10255) serves pod specs and metrics without authentication; anonymous auth lets anyone who reaches port 10250 call the kubelet API.",
        "Remove readOnlyPort / read-only-port and anonymous-auth overrides from machine.kubelet (extraConfig and extraArgs).",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("4.2.1 4.2.4", "2.2.4 8.3.1", "CC6.1 CC6.6"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var (document, arg) in ComponentArgs.Values(context, KubeComponent.Kubelet, "read-only-port"))
        {
            if (arg.Node.AsInt64() is { } port && port != 0)
            {
                context.Report(Definition, document, arg.Node, "kubelet read-only-port is \"" + arg.Value + "\": the unauthenticated read-only API is served",
                    ComponentArgs.Patch(document, arg, "0"));
            }
        }

        foreach (var (document, arg) in ComponentArgs.Values(context, KubeComponent.Kubelet, "anonymous-auth"))
        {
            if (ExtraArgs.ParseFlagBool(arg.Value) == true)
            {
                context.Report(Definition, document, arg.Node, "kubelet anonymous-auth is \"" + arg.Value + "\": anonymous requests reach the kubelet API",
                    ComponentArgs.Patch(document, arg, "false"));
            }
        }

        // Talos's merge skips zero values (0, false), so a patch setting one changes nothing: the fixes delete the override.
        foreach (var kubelet in context.Configs.Select(KubeletSettings.Of))
        {
            foreach (var (document, port) in kubelet.ConfigField("readOnlyPort"))
            {
                if (port.IsScalar && port.AsInt64() is not (0 or null))
                {
                    context.Report(Definition, document, port, "kubelet readOnlyPort is " + port.Value + ": the unauthenticated read-only API is served",
                        TalosPatch.Delete(document, port));
                }
            }

            foreach (var (document, anonymous) in kubelet.ConfigField("authentication", "anonymous", "enabled"))
            {
                if (anonymous.AsBool() == true)
                {
                    context.Report(Definition, document, anonymous, "kubelet authentication.anonymous.enabled is true: anonymous requests reach the kubelet API",
                        TalosPatch.Delete(document, anonymous));
                }
            }
        }
    }
}
