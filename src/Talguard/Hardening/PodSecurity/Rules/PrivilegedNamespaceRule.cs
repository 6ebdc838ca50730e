using Talguard.Findings;

namespace Talguard.Hardening.PodSecurity.Rules;

/// <summary>TG-PSS-005: a non-system Namespace that enforces privileged.</summary>
public sealed class PrivilegedNamespaceRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-PSS-005", Severity.Medium, Section.PodSecurity,
        "Namespace enforces the privileged Pod Security level",
        "A namespace labelled enforce: privileged admits pods with host namespaces, hostPath volumes and privileged containers.",
        "Label the namespace with enforce: baseline (or restricted) and move the workloads that need host access to a dedicated, reviewed namespace.",
        inputs: RuleInputs.KubernetesManifest,
        controls: RuleControls.Of("5.2.2", "2.2.1 2.2.3", "CC6.8"));

    private static readonly HashSet<string> SystemNamespaces = new(StringComparer.Ordinal) { "kube-system", "kube-public", "kube-node-lease" };

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var item in Workloads.Items(context.Model).Where(i => i.Kind == "Namespace" && !SystemNamespaces.Contains(i.Name)))
        {
            if (item.Root.At("metadata", "labels")?[NamespacePolicy.LabelPrefix + "enforce"] is { } label && label.AsString() == "privileged")
            {
                context.Add(new Finding(Definition, Definition.Severity, $"{item.Name} is labelled {NamespacePolicy.LabelPrefix}enforce=privileged: its pods may use host namespaces, privileged containers and hostPath volumes",
                    Location.At(item.Document, label), item.Reference, $"metadata:\n  labels:\n    {NamespacePolicy.LabelPrefix}enforce: baseline\n"));
            }
        }
    }
}
