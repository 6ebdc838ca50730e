using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Hardening.AuditLogging;

/// <summary>
/// The audit policy a controlplane node's API server loads: the file named by an overriding
/// <c>audit-policy-file</c> (read from the <c>machine.files</c> entry that an <c>extraVolumes</c> mount
/// exposes there), else <c>cluster.apiServer.auditPolicy</c>, else a v1.14 <c>KubeAuditPolicyConfig</c>
/// document's <c>configuration</c>, else Talos's default. When the file's content
/// is not among the inputs the policy is unknown: <see cref="Target"/> is null and <see cref="UnknownReason"/> says why.
/// </summary>
public sealed record EffectiveAuditPolicy(TalosConfigFile File, AuditPolicyTarget? Target, string? UnknownReason, YamlNode? PolicyFileArg)
{
    /// <summary>An empty <c>audit-policy-file</c>: the API server then builds no policy and records no events.</summary>
    public bool PolicyFileEmpty => Target is null && UnknownReason is null && PolicyFileArg is not null;

    /// <summary>Where Talos writes the policy from <c>cluster.apiServer.auditPolicy</c>.</summary>
    public const string TalosPolicyPath = "/system/config/kubernetes/kube-apiserver/auditpolicy.yaml";

    /// <summary>Mounted by Talos into the API server pod at the same path (the audit log directory).</summary>
    private const string TalosAuditLogDirectory = "/var/log/audit/kube";

    private static readonly AuditPolicyReadResult TalosDefault =
        new(new AuditPolicy { Rules = [new AuditPolicyRule { Level = AuditLevel.Metadata }] }, []);

    /// <summary>Controlplane node configs (with their effective policy) and standalone audit Policy documents.</summary>
    public static IEnumerable<AuditPolicyTarget> KnownTargets(ScanContext context)
    {
        var resolved = Resolved(context);
        return resolved.ControlPlanes.Select(p => p.Target).OfType<AuditPolicyTarget>().Concat(resolved.Standalone);
    }

    /// <summary>Known policies the API server can decode: the ones whose matching the policy rules judge.</summary>
    public static IEnumerable<AuditPolicyTarget> DecodableTargets(ScanContext context) => KnownTargets(context).Where(t => t.DecodeProblems.Count == 0);

    public static IEnumerable<EffectiveAuditPolicy> ControlPlanes(ScanContext context) => Resolved(context).ControlPlanes;

    /// <summary>Every AUD rule reads the same policies: they are resolved and decoded once per scan.</summary>
    private static ResolvedPolicies Resolved(ScanContext context) => context.Shared(model => new ResolvedPolicies(model));

    public static EffectiveAuditPolicy Resolve(TalosConfigFile file)
    {
        var config = file.MachineConfig ?? throw new ArgumentException("not a node config", nameof(file));
        var policyFile = ApiServerArgs.Effective(config, ApiServerArgs.PolicyFile);
        if (policyFile is not null && ApiServerArgs.Text(policyFile).Trim().Length == 0)
        {
            return new(file, null, null, policyFile);
        }

        if (policyFile is not null && NormalizePath(ApiServerArgs.Text(policyFile)) != TalosPolicyPath)
        {
            return FromPolicyFile(file, config, policyFile);
        }

        var inline = config.At("cluster", "apiServer", "auditPolicy");
        if (inline is not null && !inline.IsNull && !(inline.IsMapping && inline.Entries.Count == 0))
        {
            return new(file, AuditPolicyTarget.InDocument(config, inline, inline.Path, renderedByTalos: true), null, null);
        }

        // Talos v1.14 can carry the policy in its own document; it stands in for the default, never for an inline policy.
        var document = file.OfKind("KubeAuditPolicyConfig").FirstOrDefault();
        if (document?.At("configuration") is { IsMapping: true, Entries.Count: > 0 } configuration)
        {
            return new(file, AuditPolicyTarget.InDocument(document, configuration, configuration.Path, renderedByTalos: true), null, null);
        }

        var nearest = config.At("cluster", "apiServer") ?? config.At("cluster") ?? config.Root;
        var target = AuditPolicyTarget.Detached(config, TalosDefault, nearest, YamlPath.Join("cluster", "apiServer", "auditPolicy"),
            "Talos's default policy (no cluster.apiServer.auditPolicy)");
        return new(file, target, null, null);
    }

    private sealed class ResolvedPolicies(ClusterModel model)
    {
        public IReadOnlyList<EffectiveAuditPolicy> ControlPlanes { get; } =
            [.. model.ControlPlanes.Where(f => f.MachineConfig is not null).Select(Resolve)];

        public IReadOnlyList<AuditPolicyTarget> Standalone { get; } =
            [.. model.KubernetesObjects
                .Where(d => d.Kind == "Policy" && d.ApiVersion.StartsWith("audit.k8s.io/", StringComparison.Ordinal) && d.Root is not null)
                .Select(d => AuditPolicyTarget.InDocument(d, d.Root!, string.Empty, renderedByTalos: false))];
    }

    private static EffectiveAuditPolicy FromPolicyFile(TalosConfigFile file, LocatedDocument config, YamlNode policyFile)
    {
        var inPod = NormalizePath(ApiServerArgs.Text(policyFile));
        var hostPath = HostPathOf(config, inPod);
        if (hostPath is null)
        {
            return new(file, null, $"{ApiServerArgs.PolicyFile} {inPod} is not inside any cluster.apiServer.extraVolumes mount", policyFile);
        }

        var entries = config.At("machine", "files")?.Items ?? [];
        var entry = entries.LastOrDefault(e => e.IsMapping && NormalizePath(e["path"]?.AsString() ?? string.Empty) == hostPath);
        if (entry is null)
        {
            return new(file, null, $"no machine.files entry writes {hostPath}, which is mounted at {inPod}", policyFile);
        }

        if (entry["op"]?.AsString() == "append")
        {
            return new(file, null, $"{entry.Path} appends to {hostPath}, whose existing content is not among the inputs", policyFile);
        }

        var content = entry["content"];
        var description = $"policy file {hostPath} ({entry.Path})";
        var anchor = content ?? entry;
        var anchorPath = content?.Path ?? YamlPath.Child(entry.Path, "content");
        return new(file, AuditPolicyTarget.Detached(config, ReadContent(content), anchor, anchorPath, description), null, policyFile);
    }

    /// <summary>The host path of the file the pod sees at <paramref name="inPod"/>: the deepest mount that contains it wins.</summary>
    private static string? HostPathOf(LocatedDocument config, string inPod)
    {
        var mounts = (config.At("cluster", "apiServer", "extraVolumes")?.Items ?? [])
            .Where(v => v.IsMapping)
            .Select(v => (Mount: NormalizePath(v["mountPath"]?.AsString() ?? string.Empty), Host: NormalizePath(v["hostPath"]?.AsString() ?? string.Empty)))
            .Append((Mount: TalosAuditLogDirectory, Host: TalosAuditLogDirectory))
            .Where(m => m.Mount.Length > 1 && m.Host.Length > 1)
            .Where(m => inPod == m.Mount || inPod.StartsWith(m.Mount + "/", StringComparison.Ordinal))
            .OrderByDescending(m => m.Mount.Length)
            .ToList();
        return mounts is [var mount, ..] ? mount.Host + inPod[mount.Mount.Length..] : null;
    }

    private static AuditPolicyReadResult ReadContent(YamlNode? content)
    {
        var text = content?.AsString();
        if (string.IsNullOrWhiteSpace(text))
        {
            return Unreadable(content, "the policy file is empty");
        }

        try
        {
            using var reader = new StringReader(text);
            var root = YamlStreamReader.Read("audit policy", reader).Select(d => d.Root).FirstOrDefault(r => r is not null && !r.IsNull);
            return root is null ? Unreadable(content, "the policy file holds no YAML document") : AuditPolicyReader.Read(root);
        }
        catch (InputException ex)
        {
            return Unreadable(content, $"the policy file is not valid YAML (line {ex.Line} of the content)");
        }
    }

    private static AuditPolicyReadResult Unreadable(YamlNode? content, string reason) =>
        new(new AuditPolicy(), [new AuditPolicyProblem(content, string.Empty, reason)]);

    /// <summary>Absolute path with empty and <c>.</c> segments removed and no trailing slash.</summary>
    private static string NormalizePath(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".");
        return "/" + string.Join('/', segments);
    }
}
