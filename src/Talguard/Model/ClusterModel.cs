namespace Talguard.Model;

/// <summary>Everything loaded for one run: the files, their Talos configs and their Kubernetes objects.</summary>
public sealed class ClusterModel
{
    /// <exception cref="InputException">A talhelper config names a patch file that is missing, or a patch that is malformed or does not apply.</exception>
    public ClusterModel(IReadOnlyList<SourceFile> files, TargetOverrides? overrides = null)
    {
        Overrides = overrides ?? new TargetOverrides();
        // talhelper projects add their patches (as they read them) and one merged config per node.
        var talhelper = Talhelper.TalhelperProject.Load(files, Overrides);
        Files = [.. files, .. talhelper.PatchFiles.Where(p => !files.Any(f => f.FullPath == p.FullPath))];
        TalosFiles = [.. files.Where(f => f.Documents.Any(d => d.IsTalos) && !talhelper.Replaces(f)).Select(f => new TalosConfigFile(f, Overrides)), .. talhelper.TalosFiles];
        Notices = talhelper.Notices;
        KubernetesObjects = [.. files.SelectMany(f => f.Documents).Where(d => d.IsKubernetes)];
    }

    public IReadOnlyList<SourceFile> Files { get; }

    public TargetOverrides Overrides { get; }

    public IReadOnlyList<TalosConfigFile> TalosFiles { get; }

    /// <summary>What the model could not judge and the user should know (a talhelper node whose patches do not apply).</summary>
    internal IReadOnlyList<string> Notices { get; }

    public IEnumerable<TalosConfigFile> NodeConfigs => TalosFiles.Where(f => f.IsNodeConfig);

    public IEnumerable<TalosConfigFile> ControlPlanes => TalosFiles.Where(f => f.IsControlPlane);

    public IReadOnlyList<LocatedDocument> KubernetesObjects { get; }

    public IEnumerable<LocatedDocument> ObjectsOfKind(string kind) => KubernetesObjects.Where(d => d.Kind == kind);

    /// <summary>Target shown in reports: the override, else the first node config's, else the defaults.</summary>
    public TalosVersion TalosVersion => Overrides.TalosVersion ?? NodeConfigs.FirstOrDefault()?.TalosVersion ?? TalosConfigFile.Defaults.Talos;

    public TalosVersion KubernetesVersion => Overrides.KubernetesVersion ?? NodeConfigs.FirstOrDefault()?.KubernetesVersion ?? TalosConfigFile.Defaults.Kubernetes;
}
