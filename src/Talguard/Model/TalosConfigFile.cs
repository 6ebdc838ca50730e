using System.Collections.Concurrent;
using Talguard.Model.Talos;

namespace Talguard.Model;

/// <summary>
/// A file holding Talos documents: a node config (main v1alpha1 document plus its multi-documents)
/// or a patch (multi-documents only). Target versions are resolved per file: the option, else the images the file
/// names, else what its kinds and keys need, else the defaults.
/// </summary>
public sealed class TalosConfigFile
{
    public const string DefaultKubernetesVersion = "v1.34";

    /// <summary>The v1.14 install document; the schemas call it UnattendedInstall, but Talos reads only this kind.</summary>
    private const string UnattendedInstallKind = "UnattendedInstallConfig";

    internal TalosConfigFile(SourceFile file, TargetOverrides overrides)
    {
        File = file;
        MachineConfig = file.MachineConfig;
        Main = MachineConfig ?? file.Documents.FirstOrDefault(d => d.Class == DocumentClass.TalosMachineConfig);
        Documents = [.. file.Documents.Where(d => d.IsTalos)];
        var type = MachineConfig?.At("machine", "type")?.AsString();
        Role = MachineConfig is null ? NodeRole.Patch : type == "worker" ? NodeRole.Worker : NodeRole.ControlPlane;
        (TalosVersion, TalosEvidence, TargetConflict) = ResolveTalos(overrides);
        (KubernetesVersion, KubernetesEvidence) = ResolveKubernetes(overrides);
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

    /// <summary>What decided <see cref="TalosVersion"/>: <c>--talos-version</c>, an install image, the kinds and keys present, or <c>default</c>.</summary>
    public string TalosEvidence { get; }

    /// <summary>What decided <see cref="KubernetesVersion"/>: <c>--kubernetes-version</c>, a component image, or <c>default</c>.</summary>
    public string KubernetesEvidence { get; }

    /// <summary>Both targets and what decided them, as reports show it.</summary>
    public string TargetEvidence => $"{TalosEvidence}; Kubernetes: {KubernetesEvidence}";

    /// <summary>
    /// The install image names an older release than the file's kinds or keys need (a v1.13 image with v1.14
    /// documents): TG-CONF-001 reports it once instead of once per newer document. Null when they agree.
    /// </summary>
    internal TargetConflict? TargetConflict { get; }

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

    /// <summary>
    /// The Talos target, in order: <c>--talos-version</c>; the release in the install image tag (<c>machine.install.image</c>
    /// of the main document or of a bare patch, else v1.14's <c>UnattendedInstallConfig</c> <c>installer.image</c>);
    /// the release the kinds and keys present need (<see cref="TalosReleaseFeatures"/>); else the default.
    /// </summary>
    private (TalosVersion, string, TargetConflict?) ResolveTalos(TargetOverrides overrides)
    {
        if (overrides.TalosVersion is { } forced)
        {
            return (forced, "--talos-version", null);
        }

        var content = TalosReleaseFeatures.Newest(Documents);
        if (InstallImageRelease() is { } image)
        {
            var conflict = content is { } needed && needed.Release > image.Release
                ? new TargetConflict(image.Document, image.Node, image.Release, needed)
                : null;
            return (image.Release, image.Evidence, conflict);
        }

        // Content only sets a floor: within it, the default (the newest stable release) stays the best guess.
        return content is { } newest && newest.Release > Defaults.Talos
            ? (newest.Release, newest.Describe(), null)
            : (Defaults.Talos, "default", null);
    }

    private (LocatedDocument Document, YamlNode Node, TalosVersion Release, string Evidence)? InstallImageRelease()
    {
        if (Main?.At("machine", "install", "image") is { } image && TalosVersion.TryParseImageTag(image.AsString(), out var release))
        {
            return (Main, image, release, $"install image {Reports.DisplayText.Value(image.AsString()!)}");
        }

        foreach (var document in OfKind(UnattendedInstallKind))
        {
            if (document.At("installer", "image") is { } installer && TalosVersion.TryParseImageTag(installer.AsString(), out release))
            {
                return (document, installer, release, $"{UnattendedInstallKind} installer.image {Reports.DisplayText.Value(installer.AsString()!)}");
            }
        }

        return null;
    }

    /// <summary>
    /// The Kubernetes target, in order: <c>--kubernetes-version</c>; the tag of the API server image
    /// (<c>cluster.apiServer.image</c>, v1.14's <c>KubeAPIServerConfig</c>), else of the kubelet image
    /// (<c>machine.kubelet.image</c>, v1.14's <c>KubeletConfig</c>); else the default.
    /// </summary>
    private (TalosVersion, string) ResolveKubernetes(TargetOverrides overrides)
    {
        if (overrides.KubernetesVersion is { } forced)
        {
            return (forced, "--kubernetes-version");
        }

        (string Where, string? Image)[] images =
        [
            ("cluster.apiServer.image", Main?.At("cluster", "apiServer", "image")?.AsString()),
            .. OfKind("KubeAPIServerConfig").Select(d => ("KubeAPIServerConfig image", d.At("image")?.AsString())),
            ("machine.kubelet.image", Main?.At("machine", "kubelet", "image")?.AsString()),
            .. OfKind("KubeletConfig").Select(d => ("KubeletConfig image", d.At("image")?.AsString())),
        ];
        foreach (var (where, image) in images)
        {
            if (TalosVersion.TryParseImageTag(image, out var release))
            {
                return (release, $"{where} {Reports.DisplayText.Value(image!)}");
            }
        }

        return (Defaults.Kubernetes, "default");
    }

    public static class Defaults
    {
        public static readonly TalosVersion Talos = new(1, 13);
        public static readonly TalosVersion Kubernetes = new(1, 34);
    }
}

/// <summary>
/// An install image tag older than the release the file's content needs: <paramref name="ImageNode"/> names
/// <paramref name="ImageRelease"/>, <paramref name="Content"/> needs a later one.
/// </summary>
internal sealed record TargetConflict(LocatedDocument Document, YamlNode ImageNode, TalosVersion ImageRelease, ReleaseEvidence Content);

/// <summary>Target versions forced on the command line.</summary>
public sealed record TargetOverrides(TalosVersion? TalosVersion = null, TalosVersion? KubernetesVersion = null);
