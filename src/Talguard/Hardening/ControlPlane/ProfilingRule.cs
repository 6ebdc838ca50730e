using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.ControlPlane;

/// <summary>TG-K8S-002: the pprof endpoints of a control-plane component are switched back on.</summary>
public sealed class ProfilingRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-K8S-002", Severity.Medium, Section.ControlPlane,
        "Profiling enabled on a control-plane component",
        "Talos passes profiling=false to the API server, controller manager and scheduler; the /debug/pprof handlers expose internals and can be used to load the component.",
        "Remove the profiling override from the component's extraArgs, or set it to \"false\".",
        inputs: RuleInputs.ControlPlaneConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("1.2.15 1.3.2 1.4.1", "2.2.4", "CC6.1"));

    private static readonly KubeComponent[] Components = [KubeComponent.ApiServer, KubeComponent.ControllerManager, KubeComponent.Scheduler];

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var component in Components)
        {
            foreach (var (document, arg) in ComponentArgs.Values(context, component, "profiling"))
            {
                if (ExtraArgs.ParseFlagBool(arg.Value) == true)
                {
                    context.Report(Definition, document, arg.Node, component.Name + " profiling is \"" + arg.Value + "\": the pprof endpoints are served",
                        ComponentArgs.Patch(document, arg, "false"));
                }
            }
        }
    }
}
