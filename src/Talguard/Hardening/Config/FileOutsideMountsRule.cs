using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;

namespace Talguard.Hardening.Config;

/// <summary>
/// TG-CONF-006: a file the API server must read or write that is not inside its pod, or a
/// <c>machine.files</c> entry Talos cannot create.
/// </summary>
public sealed class FileOutsideMountsRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-CONF-006", Severity.High, Section.Config,
        "File outside the API server's mounts, or machine.files create outside /var",
        "The API server runs in a static pod that sees only Talos's own directories and cluster.apiServer.extraVolumes: a flag pointing " +
        "elsewhere makes it fail to start. machine.files entries with op: create are only allowed under /var.",
        "Mount the file's directory with cluster.apiServer.extraVolumes (see patch), or use the inline Talos field (e.g. cluster.apiServer.auditPolicy); " +
        "create machine.files under /var.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("1.2.16", "2.2.1 10.2.1", "CC8.1"));

    private static readonly string[] FileArgs =
    [
        "audit-policy-file", "audit-log-path", "audit-webhook-config-file", "admission-control-config-file", "authentication-config",
        "authorization-webhook-config-file", "egress-selector-config-file", "tracing-config-file",
    ];

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            var mounts = ApiServerMounts.Of(file);
            foreach (var component in ExtraArgs.In(file.Documents).Where(c => c.Component == KubeComponent.ApiServer))
            {
                foreach (var arg in component.Args.Where(a => FileArgs.Contains(a.Name, StringComparer.Ordinal)))
                {
                    foreach (var value in arg.Values.Where(v => v.Value.Length > 0 && v.Value != "-" && !mounts.Any(m => IsInside(v.Value, m))))
                    {
                        context.Report(Definition, component.Document, value.Node,
                            $"{arg.Name} {value.Value} is outside every mount of the kube-apiserver pod (Talos's own directories and cluster.apiServer.extraVolumes): " +
                            "the API server cannot open it and fails to start. Mount its directory read-only with cluster.apiServer.extraVolumes" +
                            (arg.Name == "audit-policy-file" ? ", or set the policy inline in cluster.apiServer.auditPolicy" : string.Empty),
                            component.Document.Class == DocumentClass.TalosMachineConfig && value.Value.StartsWith('/') ? MountPatch(value.Value, readOnly: arg.Name != "audit-log-path") : null);
                    }
                }
            }

            foreach (var entry in MachineFileSettings.Of(file))
            {
                if (entry.Op?.AsString() == "create" && entry.Path is { } path && !MayCreate(path))
                {
                    context.Report(Definition, entry.Document, entry.Node,
                        $"machine.files creates {path} outside /var: Talos refuses (\"create operation not allowed outside of /var\"); " +
                        "create it under /var, or use op: overwrite/append on an existing file");
                }
            }
        }
    }

    /// <summary>
    /// Where Talos lets <c>op: create</c> write: the first path segment is <c>var</c>, or one of the two paths it
    /// handles itself (static pod manifests, the containerd config part).
    /// </summary>
    private static bool MayCreate(string path) =>
        path.TrimStart('/').Split('/')[0] == "var" || path == "/etc/cri/conf.d/20-customization.part" ||
        (path.StartsWith("/etc/kubernetes/manifests/", StringComparison.Ordinal) && path.LastIndexOf('/') == "/etc/kubernetes/manifests".Length);

    private static bool IsInside(string path, string directory)
    {
        var root = directory.TrimEnd('/');
        return path == root || path.StartsWith(root + "/", StringComparison.Ordinal);
    }

    private static TalosConfigPatch MountPatch(string file, bool readOnly)
    {
        var slash = file.LastIndexOf('/');
        var directory = ConfigScalar.String(slash > 0 ? file[..slash] : "/");
        var volume = ConfigMapping.Of(("hostPath", directory), ("mountPath", directory.Clone()), ("readonly", ConfigScalar.Of(readOnly)));
        return TalosPatch.Set(new ConfigSequence([volume]), "cluster", "apiServer", "extraVolumes");
    }
}
