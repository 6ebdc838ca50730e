using Talguard.Findings;

namespace Talguard.Hardening.PodSecurity.Rules;

/// <summary>TG-PSS-004: a Namespace label value the PodSecurity admission plugin rejects.</summary>
public sealed class InvalidNamespaceLabelRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-PSS-004", Severity.Medium, Section.PodSecurity,
        "Invalid Pod Security namespace label",
        "The API server refuses to create a Namespace with an invalid pod-security.kubernetes.io label; an existing one falls back (enforce to restricted, audit and warn to privileged, versions to latest), which is rarely what was meant.",
        "Use privileged, baseline or restricted for the level labels and latest or v1.N for the version labels.",
        inputs: RuleInputs.KubernetesManifest,
        controls: RuleControls.Of("5.2.1", "2.2.1", "CC6.8"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var item in Workloads.Items(context.Model).Where(i => i.Kind == "Namespace"))
        {
            var errors = new List<PolicyValueError>();
            NamespacePolicy.Resolve(item.Root.At("metadata", "labels"), PodSecurityPolicy.Privileged, errors);
            foreach (var error in errors)
            {
                context.Add(new Finding(Definition, Definition.Severity, $"Namespace {item.Name}: label {error.Key}=\"{error.Value}\": {error.Reason}",
                    Location.At(item.Document, error.Node), item.Reference));
            }
        }
    }
}
