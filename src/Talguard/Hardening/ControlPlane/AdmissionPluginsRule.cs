using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.ControlPlane;

/// <summary>TG-K8S-004: admission control weakened through the plugin lists.</summary>
public sealed class AdmissionPluginsRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-K8S-004", Severity.High, Section.ControlPlane,
        "Admission plugins weakened",
        "AlwaysAdmit accepts every object unchecked; disabling NodeRestriction lets a kubelet modify other nodes and pods it does not run, and disabling PodSecurity switches off Pod Security admission for the whole cluster.",
        "Remove AlwaysAdmit from enable-admission-plugins and NodeRestriction/PodSecurity from disable-admission-plugins in cluster.apiServer.extraArgs.",
        inputs: RuleInputs.ControlPlaneConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("1.2.10 1.2.14 5.2.1", "2.2.1", "CC6.1"));

    private static readonly (string Arg, string[] Forbidden, string Fallback)[] Checks =
    [
        ("enable-admission-plugins", ["AlwaysAdmit"], "NodeRestriction"),
        ("disable-admission-plugins", ["NodeRestriction", "PodSecurity"], string.Empty),
    ];

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var (name, forbidden, fallback) in Checks)
        {
            foreach (var (document, arg) in ComponentArgs.Values(context, KubeComponent.ApiServer, name))
            {
                var hits = ExtraArgs.SplitList(arg.Value).Where(p => forbidden.Contains(p, StringComparer.Ordinal)).ToArray();
                if (hits.Length == 0)
                {
                    continue;
                }

                var kept = ComponentArgs.Siblings(arg).SelectMany(ExtraArgs.SplitList).Where(p => !forbidden.Contains(p, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToArray();
                context.Report(Definition, document, arg.Node, "apiServer " + name + " contains " + string.Join(", ", hits),
                    ComponentArgs.Patch(document, arg, kept.Length > 0 ? string.Join(',', kept) : fallback));
            }
        }
    }
}
