using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.PodSecurity.Rules;

/// <summary>TG-PSS-008: a patch deletes the PodSecurity admission entry, so the cluster it is applied to falls back to privileged.</summary>
public sealed class AdmissionDeletedRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-PSS-008", Severity.High, Section.PodSecurity,
        "Patch deletes the PodSecurity admission configuration",
        "Talos writes a PodSecurity entry (enforce baseline, audit and warn restricted) into cluster.apiServer.admissionControl; a patch that "
        + "deletes it ($patch: delete on the entry, the list, or a KubeAdmissionControlConfig named PodSecurity) leaves the admission plugin "
        + "on its built-in defaults, where every unlabelled namespace is privileged. TG-PSS-001 sees the result only in a complete config.",
        "Remove the $patch: delete directive; to change the PodSecurity settings, patch the entry's configuration instead (entries merge by name).",
        inputs: RuleInputs.TalosPatch,
        controls: RuleControls.Of("5.2.1", "2.2.1", "CC6.1 CC6.8"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            var admission = AdmissionControlSettings.Of(file);
            if (admission.PodSecurity is not null)
            {
                // The same patch adds a PodSecurity entry back: a replacement, judged by the other PSS rules.
                continue;
            }

            foreach (var (document, directive) in admission.PodSecurityDeletions)
            {
                var deleted = directive.Parent?.KeyInParent ?? document.Kind;
                context.Report(Definition, document, directive, deleted switch
                {
                    "admissionControl" => "every admission plugin entry is deleted, PodSecurity with it: unlabelled namespaces become privileged",
                    "apiServer" or "cluster" => $"the whole {deleted} section is deleted, the PodSecurity admission entry with it: unlabelled namespaces become privileged",
                    _ => "applied to a node config, this leaves the admission plugin on its built-in privileged defaults for unlabelled namespaces",
                });
            }
        }
    }
}
