using Talguard.Findings;
using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;

namespace Talguard.Hardening.PodSecurity.Rules;

/// <summary>TG-PSS-001: a controlplane config without a PodSecurity admission entry runs privileged by default.</summary>
public sealed class AdmissionMissingRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-PSS-001", Severity.High, Section.PodSecurity,
        "No PodSecurity admission configuration",
        "Without a PodSecurity entry in cluster.apiServer.admissionControl the admission plugin uses its built-in defaults: every namespace is privileged unless labelled.",
        "Add a PodSecurity entry with defaults enforce baseline (or restricted), audit and warn restricted, exempting only kube-system.",
        inputs: RuleInputs.ControlPlaneConfig,
        controls: RuleControls.Of("5.2.1", "2.2.1", "CC6.1 CC6.8"),
        versions: new TalosVersionRange(TalosFeatureReleases.AdmissionControl));

    private static readonly TalosConfigPatch Patch = TalosPatch.Parse(
        "cluster:\n  apiServer:\n    admissionControl:\n      - name: PodSecurity\n        configuration:\n"
        + string.Concat(AdmissionControlSettings.GeneratedPodSecurityConfiguration.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => "          " + line + "\n")));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var controlPlane in context.Configs)
        {
            if (controlPlane.Main is { } main && AdmissionControlSettings.Of(controlPlane).PodSecurity is null)
            {
                context.ReportMissingPath(Definition, main,
                    "cluster.apiServer.admissionControl has no PodSecurity entry: the cluster falls back to privileged for every unlabelled namespace",
                    Patch, AdmissionControlSettings.MainPath);
            }
        }
    }
}
