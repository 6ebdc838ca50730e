using Talguard.Findings;
using Talguard.Model;
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
        "Remove os:admin from allowedRoles; grant os:reader, os:operator or os:etcd:backup as the workload needs.");

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Model.TalosFiles)
        {
            if (file.MachineConfig is { } document &&
                document.At("machine", "features", "kubernetesTalosAPIAccess") is { } access && access["enabled"]?.AsBool() == true)
            {
                ReportAdmin(context, document, access["allowedRoles"], "machine.features.kubernetesTalosAPIAccess", withPatch: true);
            }

            foreach (var own in file.OfKind("KubeTalosAPIAccessConfig"))
            {
                ReportAdmin(context, own, own.At("allowedRoles"), "KubeTalosAPIAccessConfig", withPatch: false);
            }
        }
    }

    private static void ReportAdmin(ScanContext context, LocatedDocument document, YamlNode? roles, string where, bool withPatch)
    {
        foreach (var role in roles?.Items ?? [])
        {
            if (role.AsString() == AdminRole)
            {
                // A strategic merge appends to lists, so removing one entry takes a JSON 6902 patch (main document only).
                var patch = withPatch
                    ? TalosPatch.Remove($"/machine/features/kubernetesTalosAPIAccess/allowedRoles/{role.IndexInParent}")
                    : null;
                context.Report(Definition, document, role, $"{where} allows pods the {AdminRole} role", patch);
            }
        }
    }
}
