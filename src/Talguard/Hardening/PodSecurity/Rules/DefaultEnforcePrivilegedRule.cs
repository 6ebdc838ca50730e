using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.PodSecurity.Rules;

/// <summary>TG-PSS-002: the PodSecurity defaults enforce nothing (privileged, or no enforce at all).</summary>
public sealed class DefaultEnforcePrivilegedRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-PSS-002", Severity.Medium, Section.PodSecurity,
        "PodSecurity defaults do not enforce a level",
        "With defaults.enforce privileged (or missing, which means privileged) any namespace without its own enforce label admits privileged pods.",
        "Set defaults.enforce to baseline at least (restricted where workloads allow it) and label the namespaces that need less.");

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var controlPlane in context.Model.ControlPlanes)
        {
            if (AdmissionSettings.FindPodSecurityEntry(controlPlane) is not var (config, entry))
            {
                continue;
            }

            const string Below = "configuration.defaults.enforce";
            var path = entry.Path.Length == 0 ? Below : entry.Path + "." + Below;
            var patch = TalosPatch.SetInItem(config, entry, "name", "baseline", "configuration", "defaults", "enforce");
            var enforce = entry.At("configuration", "defaults", "enforce");
            if (enforce is null || enforce.IsNull)
            {
                var nearest = entry.At("configuration", "defaults") ?? entry["configuration"] ?? entry;
                context.ReportMissing(Definition, config, nearest, path, "PodSecurity defaults set no enforce level, which means privileged", patch);
            }
            else if (enforce.AsString() == "privileged")
            {
                context.Report(Definition, config, enforce, "PodSecurity defaults enforce privileged: unlabelled namespaces admit any pod", patch);
            }
        }
    }
}
