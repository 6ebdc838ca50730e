using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.ApiAccess;

/// <summary>TG-ACC-003: pods may obtain os:admin Talos API access.</summary>
public sealed class PodTalosAdminRule : Rule
{
    private const string AdminRole = "os:admin";

    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-ACC-003", Severity.Medium, Section.ApiAccess,
        "Pods can be granted os:admin on the Talos API",
        "With kubernetesTalosAPIAccess a Talos ServiceAccount resource in an allowed namespace yields a talosconfig for the listed roles; os:admin there lets a pod read machine secrets, reset or upgrade nodes.",
        "Remove os:admin from allowedRoles; grant os:reader, os:operator or os:etcd:backup as the workload needs.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "7.2.2 7.2.5", "CC6.3"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var access in context.Configs.SelectMany(file => TalosApiAccess.Of(file).PodAccess).Where(a => a.IsEnabled))
        {
            foreach (var role in access.AllowedRoles.Where(r => r.AsString() == AdminRole))
            {
                // A strategic merge appends to lists, so removing one entry takes a JSON 6902 patch (main document only).
                var patch = access.InMainDocument
                    ? TalosPatch.Remove($"/machine/features/kubernetesTalosAPIAccess/allowedRoles/{role.IndexInParent}")
                    : null;
                context.Report(Definition, access.Document, role, $"{access.Where} allows pods the {AdminRole} role", patch);
            }
        }
    }
}
