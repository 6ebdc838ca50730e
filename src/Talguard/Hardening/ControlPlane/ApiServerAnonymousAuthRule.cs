using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.ControlPlane;

/// <summary>TG-K8S-001: the API server answers unauthenticated requests as <c>system:anonymous</c>.</summary>
public sealed class ApiServerAnonymousAuthRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-K8S-001", Severity.High, Section.ControlPlane,
        "API server allows anonymous requests",
        "Talos passes anonymous-auth=false; overriding it lets unauthenticated clients reach the API as system:anonymous, limited only by RBAC bindings.",
        "Remove the anonymous-auth override from cluster.apiServer.extraArgs, or set it to \"false\".",
        inputs: RuleInputs.ControlPlaneConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("1.2.1", "8.3.1", "CC6.1"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var (document, arg) in ComponentArgs.Values(context, KubeComponent.ApiServer, "anonymous-auth"))
        {
            if (ExtraArgs.ParseFlagBool(arg.Value) == true)
            {
                context.Report(Definition, document, arg.Node, "apiServer anonymous-auth is \"" + arg.Value + "\": unauthenticated requests are served as system:anonymous",
                    ComponentArgs.Patch(document, arg, "false"));
            }
        }
    }
}
