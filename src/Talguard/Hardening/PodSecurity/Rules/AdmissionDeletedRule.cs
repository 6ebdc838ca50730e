using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.PodSecurity.Rules;

/// <summary>TG-PSS-008: a patch deletes the PodSecurity admission entry, so the cluster it is applied to falls back to privileged.</summary>
public sealed class AdmissionDeletedRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-PSS-008", Severity.High, Section.PodSecurity,
        "Patch deletes the PodSecurity admission configuration",
        "Talos writes a PodSecurity entry (enforce baseline, audit and warn restricted) into cluster.apiServer.admissionControl; a patch that "
        + "deletes it ($patch: delete on the entry, the list, or a KubeAdmissionControlConfig named PodSecurity; a JSON patch that removes or "
        + "replaces the list or its first entry) leaves the admission plugin "
        + "on its built-in defaults, where every unlabelled namespace is privileged. TG-PSS-001 sees the result only in a complete config.",
        "Remove the $patch: delete directive (or the JSON patch operation); to change the PodSecurity settings, patch the entry's configuration instead (entries merge by name).",
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

        foreach (var document in context.Model.Files.SelectMany(f => f.Documents).Where(d => d.Class == DocumentClass.TalosJsonPatch))
        {
            foreach (var operation in document.Root!.Items)
            {
                if (JsonPatchDeletion(operation) is { } message)
                {
                    context.Report(Definition, document, operation["path"]!, message);
                }
            }
        }
    }

    /// <summary>
    /// What a JSON patch operation does to the PodSecurity entry, when it drops it. Talos generates one admission entry,
    /// PodSecurity, so index 0 is that entry; a replacement list or entry that names PodSecurity again is judged by the other rules.
    /// </summary>
    private static string? JsonPatchDeletion(YamlNode operation)
    {
        var path = operation["path"]!.AsString()!.TrimEnd('/');
        var op = operation["op"]!.AsString();
        var value = operation["value"];
        return (op, path) switch
        {
            ("remove", "/cluster" or "/cluster/apiServer") =>
                $"the JSON patch removes {path}, the PodSecurity admission entry with it: unlabelled namespaces become privileged",
            ("remove", AdmissionList) =>
                "the JSON patch removes every admission plugin entry, PodSecurity with it: unlabelled namespaces become privileged",
            ("remove", FirstEntry) =>
                "the JSON patch removes the first admission entry, which in a Talos-generated config is PodSecurity: unlabelled namespaces become privileged",
            ("replace", AdmissionList) when !NamesPodSecurity(value?.Items ?? []) =>
                "the JSON patch replaces the admission plugin list with one that has no PodSecurity entry: unlabelled namespaces become privileged",
            ("replace", FirstEntry) when !NamesPodSecurity(value is null ? [] : [value]) =>
                "the JSON patch replaces the first admission entry, which in a Talos-generated config is PodSecurity, with another plugin: unlabelled namespaces become privileged",
            _ => null,
        };
    }

    private const string AdmissionList = "/cluster/apiServer/admissionControl";
    private const string FirstEntry = AdmissionList + "/0";

    private static bool NamesPodSecurity(IEnumerable<YamlNode> entries) =>
        entries.Any(e => e.IsMapping && e["name"]?.AsString() == AdmissionControlSettings.PodSecurityPlugin);
}
