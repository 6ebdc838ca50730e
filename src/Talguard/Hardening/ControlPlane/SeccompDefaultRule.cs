using Talguard.Findings;
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
        "Set machine.kubelet.defaultRuntimeSeccompProfileEnabled: true.");

    private static readonly TalosConfigPatch Patch = TalosPatch.Set("true", "machine", "kubelet", Field);

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Model.NodeConfigs)
        {
            var document = file.MachineConfig!;
            var kubeletDocuments = file.OfKind(KubeComponent.Kubelet.DocumentKind).Where(d => d.At(Field) is not null).ToList();
            var field = document.At("machine", "kubelet", Field);
            if (field?.AsBool() == true || kubeletDocuments.Any(d => d.At(Field)?.AsBool() == true))
            {
                continue;
            }

            // An explicit setting is reported where it is written: the v1.14 KubeletConfig document, else the main document.
            var (where, node) = kubeletDocuments.Count > 0 ? (kubeletDocuments[0], kubeletDocuments[0].At(Field)) : (document, field);
            if (node is null)
            {
                context.ReportMissingPath(Definition, document, "machine.kubelet." + Field + " is not set: containers without a seccomp profile run Unconfined", Patch, "machine", "kubelet", Field);
            }
            else
            {
                context.Report(Definition, where, node, Field + " is " + (node.AsString() ?? "empty") + ": containers without a seccomp profile run Unconfined",
                    where == document ? Patch : TalosPatch.Set(where, node, "true"));
            }
        }
    }
}
