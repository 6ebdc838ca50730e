using System.Collections.Concurrent;

namespace Talguard.Model;

/// <summary>
/// A file holding Talos documents: a node config (main v1alpha1 document plus its multi-documents)
/// or a patch (multi-documents only). Target versions are resolved per file, as spec/rules.md says.
/// </summary>
public sealed class TalosConfigFile
{
    public const string DefaultKubernetesVersion = "v1.34";

    internal TalosConfigFile(SourceFile file, TargetOverrides overrides)
    {
        File = file;
        MachineConfig = file.MachineConfig;
        Main = MachineConfig ?? file.Documents.FirstOrDefault(d => d.Class == DocumentClass.TalosMachineConfig);
        Documents = [.. file.Documents.Where(d => d.IsTalos)];
        var type = MachineConfig?.At("machine", "type")?.AsString();
        Role = MachineConfig is null ? NodeRole.Patch : type == "worker" ? NodeRole.Worker : NodeRole.ControlPlane;
        TalosVersion = overrides.TalosVersion
            ?? (TalosVersion.TryParseImageTag(Main?.At("machine", "install", "image")?.AsString(), out var talos) ? talos : Defaults.Talos);
        KubernetesVersion = overrides.KubernetesVersion
            ?? (TalosVersion.TryParseImageTag(Main?.At("cluster", "apiServer", "image")?.AsString(), out var api) ? api
            : TalosVersion.TryParseImageTag(Main?.At("machine", "kubelet", "image")?.AsString(), out var kubelet) ? kubelet
            : Defaults.Kubernetes);
    }

    private readonly ConcurrentDictionary<(Type View, object? Part), object> _views = new();

    public SourceFile File { get; }

    /// <summary>The main <c>v1alpha1</c> document; null for a patch file.</summary>
    public LocatedDocument? MachineConfig { get; }

    /// <summary>
    /// The main document whatever it holds: the full <c>v1alpha1</c> config of a node config, or the bare
    /// <c>machine:</c>/<c>cluster:</c> strategic-merge document of a patch; null for a patch of split documents only.
    /// Views read settings from here, so a value set in a patch is judged as in a full config.
    /// </summary>
    public LocatedDocument? Main { get; }

    /// <summary>Whether the file is a whole node config, so rules may judge what it lacks (a lone patch cannot say that).</summary>
    public bool IsComplete => MachineConfig is not null;

    /// <summary>Every Talos document of the file, main config included, in file order.</summary>
    public IReadOnlyList<LocatedDocument> Documents { get; }

    public NodeRole Role { get; }

    public bool IsNodeConfig => MachineConfig is not null;

    public bool IsControlPlane => Role == NodeRole.ControlPlane;

    public TalosVersion TalosVersion { get; }

    public TalosVersion KubernetesVersion { get; }

    /// <summary>Multi-documents of one kind (<c>VolumeConfig</c>, <c>NetworkRuleConfig</c>, ...).</summary>
    public IEnumerable<LocatedDocument> OfKind(string kind) => Documents.Where(d => d.Class == DocumentClass.TalosDocument && d.Kind == kind);

    /// <summary>
    /// A typed view of this file (<c>KubeletSettings</c>, <c>IngressFirewall</c>, ...), built by the first rule that
    /// asks and shared by every other rule of the scan, as rules run side by side. <paramref name="part"/> tells views of
    /// one type apart (the component of a <c>ComponentSettings</c>). Views never change once built.
    /// </summary>
    public TView View<TView>(Func<TalosConfigFile, TView> create, object? part = null)
        where TView : class =>
        (TView)_views.GetOrAdd((typeof(TView), part), static (_, state) => state.create(state.file), (create, file: this));

    /// <summary>The first document of the file: where findings about a missing document point.</summary>
    public LocatedDocument FirstDocument => File.Documents[0];

    public static class Defaults
    {
        public static readonly TalosVersion Talos = new(1, 13);
        public static readonly TalosVersion Kubernetes = new(1, 34);
    }
}

/// <summary>Target versions forced on the command line.</summary>
public sealed record TargetOverrides(TalosVersion? TalosVersion = null, TalosVersion? KubernetesVersion = null);
