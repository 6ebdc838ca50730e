using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos.Patching;

namespace Talguard.Hardening.ApiAccess;

/// <summary>TG-ACC-010: a Talos <c>ServiceAccount</c> custom resource requests os:admin for the pods that mount it.</summary>
public sealed class TalosServiceAccountAdminRule : Rule
{
    private const string AdminRole = "os:admin";

    /// <summary>The group of Talos's own custom resources (<c>talosctl inject serviceaccount</c> writes them).</summary>
    private const string TalosApiVersion = "talos.dev/v1alpha1";

    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-ACC-010", Severity.High, Section.ApiAccess,
        "Talos ServiceAccount resource requests os:admin",
        "A talos.dev/v1alpha1 ServiceAccount makes Talos mint a talosconfig with the listed roles into a Secret for the pods of its namespace "
        + "(when kubernetesTalosAPIAccess allows the role there). With os:admin any pod reading that Secret can read machine secrets, reset, "
        + "upgrade or reconfigure every node. This is the manifest side of TG-ACC-003.",
        "Request the least role the workload needs: os:reader to read, os:etcd:backup for etcd snapshots, os:operator for reboots; keep "
        + "os:admin out of kubernetesTalosAPIAccess.allowedRoles.",
        inputs: RuleInputs.KubernetesManifest,
        controls: RuleControls.Of("", "7.2.2 7.2.5", "CC6.3"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var document in context.Model.ObjectsOfKind("ServiceAccount").Where(d => d.ApiVersion == TalosApiVersion))
        {
            var roles = document.At("spec", "roles") is { IsSequence: true } list ? list.Items.ToList() : [];
            var kept = roles.Where(r => r.AsString() != AdminRole).ToList();
            var patch = kept.Count > 0 ? WithRoles(document, kept) : null;
            foreach (var role in roles.Where(r => r.AsString() == AdminRole))
            {
                var name = document.ObjectName.Length > 0 ? document.ObjectName : "(unnamed)";
                var scope = document.ObjectNamespace.Length > 0 ? $"pods in {document.ObjectNamespace}" : "pods in its namespace";
                context.Add(new Finding(Definition, Definition.Severity,
                    $"{scope} given the talosconfig of {name} can read machine secrets, reset and upgrade every node",
                    Location.At(document, role), ObjectReference.Of(document), patch));
            }
        }
    }

    /// <summary>The resource with only <paramref name="roles"/> in <c>spec.roles</c>, as a manifest to apply.</summary>
    private static string WithRoles(LocatedDocument document, IEnumerable<YamlNode> roles)
    {
        var manifest = ConfigMapping.FromYamlMapping(document.Root!);
        var spec = manifest["spec"] as ConfigMapping ?? new ConfigMapping();
        spec["roles"] = new ConfigSequence(roles.Select(r => ConfigScalar.String(r.AsString() ?? string.Empty)));
        manifest["spec"] = spec;
        return ConfigYamlWriter.Write([manifest]);
    }
}
