using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.AuditLogging;

/// <summary>
/// The audit policy a controlplane node's API server loads: the file named by an overriding
/// <c>audit-policy-file</c> (read from the <c>machine.files</c> entry that an <c>extraVolumes</c> mount
/// exposes there), else <c>cluster.apiServer.auditPolicy</c>, else a v1.14 <c>KubeAuditPolicyConfig</c>
/// document's <c>configuration</c>, else Talos's default. When the file's content
/// is not among the inputs the policy is unknown: <see cref="Target"/> is null and <see cref="UnknownReason"/> says why.
/// A patch is judged on what it sets: with no policy of its own it keeps the base's, so it has no target.
/// </summary>
public sealed record EffectiveAuditPolicy(AuditSettings Settings, AuditPolicyTarget? Target, string? UnknownReason, AuditFlag? PolicyFileArg)
{
    /// <summary>An empty <c>audit-policy-file</c>: the API server then builds no policy and records no events.</summary>
    public bool PolicyFileEmpty => Target is null && UnknownReason is null && PolicyFileArg is not null;

    /// <summary>Where Talos writes the policy from <c>cluster.apiServer.auditPolicy</c>.</summary>
    public const string TalosPolicyPath = "/system/config/kubernetes/kube-apiserver/auditpolicy.yaml";

    /// <summary>Mounted by Talos into the API server pod at the same path (the audit log directory).</summary>
    private const string TalosAuditLogDirectory = "/var/log/audit/kube";

    private static readonly AuditPolicyReadResult TalosDefault =
        new(new AuditPolicy { Rules = [new AuditPolicyRule { Level = AuditLevel.Metadata }] }, []);

    /// <summary>The policies of the rule's Talos inputs, then the standalone audit Policy documents when the rule reads manifests.</summary>
    public static IEnumerable<AuditPolicyTarget> KnownTargets(ScanContext context)
    {
        var manifests = context.Rule is { } rule && rule.Inputs.HasFlag(RuleInputs.KubernetesManifest);
        return Judged(context).Select(p => p.Target).OfType<AuditPolicyTarget>().Concat(manifests ? Resolved(context).Standalone : []);
    }

    /// <summary>Known policies the API server can decode: the ones whose matching the policy rules judge.</summary>
    public static IEnumerable<AuditPolicyTarget> DecodableTargets(ScanContext context) => KnownTargets(context).Where(t => t.DecodeProblems.Count == 0);

    /// <summary>The audit settings of the control-plane configs and patches the rule judges (its <see cref="ScanContext.Configs"/>).</summary>
    public static IEnumerable<EffectiveAuditPolicy> Judged(ScanContext context)
    {
        var resolved = Resolved(context);
        return context.Configs.Where(f => f.Role != NodeRole.Worker).Select(resolved.Of);
    }

    /// <summary>Every AUD rule reads the same policies: they are resolved and decoded once per scan.</summary>
    private static ResolvedPolicies Resolved(ScanContext context) => context.Shared(model => new ResolvedPolicies(model));

    public static EffectiveAuditPolicy Resolve(TalosConfigFile file)
    {
        var settings = AuditSettings.Of(file);
        var policyFile = settings.Effective(AuditSettings.PolicyFileArg);
        if (policyFile is not null && policyFile.Value.Trim().Length == 0)
        {
            return new(settings, null, null, policyFile);
        }

        if (policyFile is not null && NormalizePath(policyFile.Value) != TalosPolicyPath)
        {
            return FromPolicyFile(settings, policyFile);
        }

        if (settings.InlinePolicy is { } inline)
        {
            return new(settings, AuditPolicyTarget.InDocument(inline.Document, inline.Node, inline.Node.Path, renderedByTalos: true), null, null);
        }

        // Talos v1.14 can carry the policy in its own document; it stands in for the default, never for an inline policy.
        if (settings.PolicyDocument is { } document)
        {
            return new(settings, AuditPolicyTarget.InDocument(document.Document, document.Node, document.Node.Path, renderedByTalos: true), null, null);
        }

        if (!file.IsComplete || settings.Main is not { } main)
        {
            return new(settings, null, null, null);
        }

        var target = AuditPolicyTarget.Detached(main, TalosDefault, settings.InlinePolicyAnchor, AuditSettings.InlinePolicyPath,
            "Talos's default policy (no cluster.apiServer.auditPolicy)");
        return new(settings, target, null, null);
    }

    private sealed class ResolvedPolicies(ClusterModel model)
    {
        private readonly Dictionary<TalosConfigFile, EffectiveAuditPolicy> _byFile =
            model.TalosFiles.Where(f => f.Role != NodeRole.Worker).ToDictionary(f => f, Resolve);

        public IReadOnlyList<AuditPolicyTarget> Standalone { get; } =
            [.. model.KubernetesObjects
                .Where(d => d.Kind == "Policy" && d.ApiVersion.StartsWith("audit.k8s.io/", StringComparison.Ordinal) && d.Root is not null)
                .Select(d => AuditPolicyTarget.InDocument(d, d.Root!, string.Empty, renderedByTalos: false))];

        public EffectiveAuditPolicy Of(TalosConfigFile file) => _byFile[file];
    }

    private static EffectiveAuditPolicy FromPolicyFile(AuditSettings settings, AuditFlag policyFile)
    {
        var inPod = NormalizePath(policyFile.Value);
        var hostPath = HostPathOf(settings, inPod);
        if (hostPath is null)
        {
            return new(settings, null, $"{AuditSettings.PolicyFileArg} {inPod} is not inside any cluster.apiServer.extraVolumes mount", policyFile);
        }

        var entry = settings.Files.LastOrDefault(e => NormalizePath(e.Path) == hostPath);
        if (entry is null || settings.Main is not { } main)
        {
            return new(settings, null, $"no machine.files entry writes {hostPath}, which is mounted at {inPod}", policyFile);
        }

        if (entry.Op == "append")
        {
            return new(settings, null, $"{entry.Node.Path} appends to {hostPath}, whose existing content is not among the inputs", policyFile);
        }

        var description = $"policy file {hostPath} ({entry.Node.Path})";
        var anchor = entry.Content ?? entry.Node;
        var anchorPath = entry.Content?.Path ?? YamlPath.Child(entry.Node.Path, "content");
        return new(settings, AuditPolicyTarget.Detached(main, ReadContent(entry.Content), anchor, anchorPath, description), null, policyFile);
    }

    /// <summary>The host path of the file the pod sees at <paramref name="inPod"/>: the deepest mount that contains it wins.</summary>
    private static string? HostPathOf(AuditSettings settings, string inPod)
    {
        var mounts = settings.Mounts
            .Select(v => (Mount: NormalizePath(v.MountPath), Host: NormalizePath(v.HostPath)))
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
