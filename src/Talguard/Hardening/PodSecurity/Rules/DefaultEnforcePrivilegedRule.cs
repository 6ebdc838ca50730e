using Talguard.Findings;
using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;

namespace Talguard.Hardening.PodSecurity.Rules;

/// <summary>TG-PSS-002: the PodSecurity defaults enforce nothing (privileged, or no enforce at all).</summary>
public sealed class DefaultEnforcePrivilegedRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-PSS-002", Severity.Medium, Section.PodSecurity,
        "PodSecurity defaults do not enforce a level",
        "With defaults.enforce privileged (or missing, which means privileged) any namespace without its own enforce label admits privileged pods.",
        "Set defaults.enforce to baseline at least (restricted where workloads allow it) and label the namespaces that need less.",
        inputs: RuleInputs.ControlPlaneConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("5.2.1 5.2.2", "2.2.1", "CC6.8"),
        versions: new TalosVersionRange(TalosFeatureReleases.AdmissionControl));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            if (AdmissionControlSettings.Of(file).PodSecurity is not { } plugin)
            {
                continue;
            }

            var settings = AdmissionSettings.Parse(string.Empty, plugin.Configuration);
            var patch = Patch(plugin);
            if (settings.EnforceNode is not { } enforce)
            {
                const string Below = "configuration.defaults.enforce";
                var path = plugin.Entry.Path.Length == 0 ? Below : plugin.Entry.Path + "." + Below;
                context.ReportMissing(Definition, plugin.Document, settings.DefaultsNode ?? plugin.Configuration ?? plugin.Entry, path,
                    "PodSecurity defaults set no enforce level, which means privileged", patch);
            }
            else if (enforce.AsString() == "privileged")
            {
                context.Report(Definition, plugin.Document, enforce, "PodSecurity defaults enforce privileged: unlabelled namespaces admit any pod", patch);
            }
        }
    }

    /// <summary>Sets <c>defaults.enforce</c> to baseline; a configuration that does not exist yet gets the kind upstream requires.</summary>
    private static TalosConfigPatch Patch(AdmissionPlugin plugin) =>
        plugin.ConfigurationPatch(plugin.Configuration is { IsMapping: true }
            ? "defaults:\n  enforce: baseline\n"
            : "apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\ndefaults:\n  enforce: baseline\n");
}
