using Talguard.Findings;

namespace Talguard.Hardening.PodSecurity.Rules;

/// <summary>TG-PSS-003: PodSecurity exemptions beyond kube-system.</summary>
public sealed class BroadExemptionsRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-PSS-003", Severity.Low, Section.PodSecurity,
        "PodSecurity exemption beyond kube-system",
        "Exempt namespaces, users and runtime classes skip Pod Security entirely; each one is a place privileged pods can run unnoticed.",
        "Remove the exemption and label the namespace with the level it needs (pod-security.kubernetes.io/enforce), so it stays visible and audited.");

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var controlPlane in context.Model.ControlPlanes)
        {
            if (AdmissionSettings.FindPodSecurityEntry(controlPlane) is not var (config, entry))
            {
                continue;
            }

            var settings = AdmissionSettings.Parse(string.Empty, entry["configuration"]);
            foreach (var (name, node) in settings.ExemptNamespaces.Where(e => e.Name != "kube-system"))
            {
                context.Report(Definition, config, node, $"namespace {name} is exempt from Pod Security");
            }

            foreach (var (name, node) in settings.ExemptUsernames)
            {
                context.Report(Definition, config, node, $"user {name} is exempt from Pod Security");
            }

            foreach (var (name, node) in settings.ExemptRuntimeClasses)
            {
                context.Report(Definition, config, node, $"runtimeClass {name} is exempt from Pod Security");
            }
        }
    }
}
