using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;

namespace Talguard.Hardening.ControlPlane;

/// <summary>TG-K8S-007: pods without a seccomp profile run unconfined.</summary>
public sealed class SeccompDefaultRule : Rule
{
    private const string Field = "defaultRuntimeSeccompProfileEnabled";

    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-K8S-007", Severity.Medium, Section.ControlPlane,
        "Kubelet does not default to the RuntimeDefault seccomp profile",
        "With machine.kubelet.defaultRuntimeSeccompProfileEnabled the kubelet runs with seccompDefault: true, so containers that set no seccomp profile get RuntimeDefault instead of Unconfined. talosctl gen config writes it as true.",
        "Set machine.kubelet.defaultRuntimeSeccompProfileEnabled: true.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("5.7.2", "2.2.6", "CC6.8"),
        versions: new TalosVersionRange(TalosFeatureReleases.SeccompDefault));

    private static readonly TalosConfigPatch Patch = TalosPatch.Set("true", "machine", "kubelet", Field);

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            var settings = KubeletSettings.Of(file).SeccompDefault;
            if (settings.Any(s => s.Node.AsBool() == true))
            {
                continue;
            }

            // An explicit setting is reported where it is written: the v1.14 KubeletConfig document, else the main document.
            if (settings.Count > 0)
            {
                var (where, node) = settings.Where(s => s.Document.Class == DocumentClass.TalosDocument).DefaultIfEmpty(settings[0]).First();
                context.Report(Definition, where, node, Field + " is " + (node.AsString() ?? "empty") + ": containers without a seccomp profile run Unconfined",
                    where.Class == DocumentClass.TalosDocument ? TalosPatch.Set(where, node, "true") : Patch);
            }
            else if (file.IsComplete)
            {
                context.ReportMissingPath(Definition, file.Main!, "machine.kubelet." + Field + " is not set: containers without a seccomp profile run Unconfined", Patch, "machine", "kubelet", Field);
            }
        }
    }
}
