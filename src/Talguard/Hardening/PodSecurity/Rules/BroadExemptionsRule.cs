using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.PodSecurity.Rules;

/// <summary>TG-PSS-003: PodSecurity exemptions beyond kube-system.</summary>
public sealed class BroadExemptionsRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-PSS-003", Severity.Low, Section.PodSecurity,
        "PodSecurity exemption beyond kube-system",
        "Exempt namespaces, users and runtime classes skip Pod Security entirely; each one is a place privileged pods can run unnoticed.",
        "Remove the exemption and label the namespace with the level it needs (pod-security.kubernetes.io/enforce), so it stays visible and audited.",
        inputs: RuleInputs.ControlPlaneConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("5.2.1", "2.2.1", "CC6.8"),
        versions: new TalosVersionRange(TalosFeatureReleases.AdmissionControl));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            if (AdmissionControlSettings.Of(file).PodSecurity is not { Document: var config } plugin)
            {
                continue;
            }

            var settings = AdmissionSettings.Parse(string.Empty, plugin.Configuration);
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
