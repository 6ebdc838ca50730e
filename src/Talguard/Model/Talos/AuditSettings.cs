namespace Talguard.Model.Talos;

/// <summary>One value given for an audit flag of the API server, with the document it sits in.</summary>
/// <param name="Node">The scalar holding the value (a list element when the flag is given as a list).</param>
/// <param name="Value">The value as Talos passes it on the command line (empty for a null scalar).</param>
public sealed record AuditFlag(LocatedDocument Document, YamlNode Node, string Value)
{
    /// <summary>The mapping value of the flag: the scalar itself, or the list holding it.</summary>
    public YamlNode Entry => ExtraArgs.EntryOf(Node);
}

/// <summary>An audit policy written in a Talos document: <see cref="Node"/> is the policy mapping.</summary>
public sealed record AuditPolicySource(LocatedDocument Document, YamlNode Node);

/// <summary>A <c>cluster.apiServer.extraVolumes</c> entry: <see cref="HostPath"/> appears in the API server pod at <see cref="MountPath"/>.</summary>
public sealed record AuditVolumeMount(string MountPath, string HostPath);

/// <summary>A <c>machine.files</c> entry, which can hold the policy file an overriding <c>audit-policy-file</c> names.</summary>
/// <param name="Node">The entry (its path names it in messages).</param>
/// <param name="Content">The <c>content</c> node, null when absent.</param>
public sealed record AuditMachineFile(YamlNode Node, string Path, string? Op, YamlNode? Content);

/// <summary>
/// The API server's audit settings in one Talos file, a full node config or a patch alike: the audit flags
/// (read through <see cref="ExtraArgs"/>, so <c>cluster.apiServer.extraArgs</c> and the v1.14 <c>KubeAPIServerConfig</c>
/// count the same), the policy from <c>cluster.apiServer.auditPolicy</c> or the v1.14 <c>KubeAuditPolicyConfig</c>
/// document, and the <c>extraVolumes</c> and <c>machine.files</c> that can put a policy file into the API server pod.
/// </summary>
public sealed class AuditSettings
{
    public const string PolicyFileArg = "audit-policy-file";
    public const string LogPathArg = "audit-log-path";
    public const string WebhookConfigFileArg = "audit-webhook-config-file";

    /// <summary>Where Talos's inline policy belongs in the main document.</summary>
    public static readonly string InlinePolicyPath = YamlPath.Join("cluster", "apiServer", "auditPolicy");

    private AuditSettings(TalosConfigFile file)
    {
        File = file;
        var main = file.Main;
        var apiServer = main?.At("cluster", "apiServer");
        InlinePolicy = main is not null && apiServer?["auditPolicy"] is { } inline && !inline.IsNull && !(inline.IsMapping && inline.Entries.Count == 0)
            ? new AuditPolicySource(main, inline)
            : null;
        PolicyDocument = file.OfKind("KubeAuditPolicyConfig")
            .Select(d => d.At("configuration") is { IsMapping: true, Entries.Count: > 0 } configuration ? new AuditPolicySource(d, configuration) : null)
            .FirstOrDefault(p => p is not null);
        InlinePolicyAnchor = apiServer ?? main?.At("cluster") ?? main?.Root;
        Mounts = [.. (apiServer?["extraVolumes"]?.Items ?? [])
            .Where(v => v.IsMapping)
            .Select(v => new AuditVolumeMount(v["mountPath"]?.AsString() ?? string.Empty, v["hostPath"]?.AsString() ?? string.Empty))];
        Files = [.. MachineFileSettings.Of(file)
            .Where(e => e.Node.IsMapping)
            .Select(e => new AuditMachineFile(e.Node, e.Path ?? string.Empty, e.Op?.AsString(), e.Node["content"]))];
    }

    public static AuditSettings Of(TalosConfigFile file) => file.View(static f => new AuditSettings(f));

    public TalosConfigFile File { get; }

    /// <summary>The main document (full config or bare patch), where the inline policy, mounts and files live; null for split documents only.</summary>
    public LocatedDocument? Main => File.Main;

    /// <summary>A non-empty <c>cluster.apiServer.auditPolicy</c> (an empty one means Talos's default).</summary>
    public AuditPolicySource? InlinePolicy { get; }

    /// <summary>The <c>configuration</c> of a v1.14 <c>KubeAuditPolicyConfig</c> document, when it holds a policy.</summary>
    public AuditPolicySource? PolicyDocument { get; }

    /// <summary>The nearest existing node to where <c>cluster.apiServer.auditPolicy</c> belongs (null without a main document).</summary>
    public YamlNode? InlinePolicyAnchor { get; }

    /// <summary>The API server's extra volumes, in document order.</summary>
    public IReadOnlyList<AuditVolumeMount> Mounts { get; }

    /// <summary>The <c>machine.files</c> entries, in document order.</summary>
    public IReadOnlyList<AuditMachineFile> Files { get; }

    /// <summary>Every value given for the API server flag <paramref name="name"/>, in file order (the main document and any <c>KubeAPIServerConfig</c>).</summary>
    public IReadOnlyList<AuditFlag> Values(string name) =>
        [.. ExtraArgs.Sources(File, KubeComponent.ApiServer).SelectMany(source => source.ValuesOf(name).Select(v => new AuditFlag(source.Document, v.Node, v.Value)))];

    /// <summary>The value the API server keeps for <paramref name="name"/>: the last one given, or null when the flag is not overridden.</summary>
    public AuditFlag? Effective(string name) => Values(name) is [.., var last] ? last : null;
}
