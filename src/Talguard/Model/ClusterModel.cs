namespace Talguard.Model;

/// <summary>Everything loaded for one run: the files, their Talos configs and their Kubernetes objects.</summary>
public sealed class ClusterModel
{
    /// <summary>The oldest Kubernetes release the Kubernetes checks (flags, feature gates, Pod Security) are written for.</summary>
    internal static readonly TalosVersion OldestKubernetes = new(1, 28);

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

    /// <summary>
    /// The Talos target of the run as a whole: the override, else the one all Talos files share, else the first node
    /// config's (reports then list each file's own), else the default.
    /// </summary>
    public TalosVersion TalosVersion => Overrides.TalosVersion ?? Shared(f => f.TalosVersion) ?? TalosConfigFile.Defaults.Talos;

    public TalosVersion KubernetesVersion => Overrides.KubernetesVersion ?? Shared(f => f.KubernetesVersion) ?? TalosConfigFile.Defaults.Kubernetes;

    /// <summary>
    /// What the run says once about targets outside the releases Talguard knows: Talos below v1.11 or above v1.14
    /// (the releases <see cref="Talos.TalosModel"/> describes), Kubernetes below v1.28. Rules whose fix needs a later
    /// release than the target do not judge it (their <c>TalosVersionRange</c>), so no advice is one it cannot take.
    /// </summary>
    internal IReadOnlyList<string> TargetNotices()
    {
        var notices = new List<string>();
        var oldest = Talos.TalosModel.OldestRelease;
        var newest = Talos.TalosModel.NewestRelease;
        Add(f => f.TalosVersion < oldest, f => f.TalosVersion, "--talos-version",
            $"Talos target older than {oldest}, the oldest release Talguard models: keys are judged as {oldest} reads them, "
            + "and rules whose fix needs a later release than the target (Secure Boot installers, TPM keys, audit policy, ...) do not run");
        Add(f => f.TalosVersion > newest, f => f.TalosVersion, "--talos-version",
            $"Talos target newer than {newest}, the newest release Talguard models: keys and documents are judged as {newest} reads them");
        Add(f => f.KubernetesVersion < OldestKubernetes, f => f.KubernetesVersion, "--kubernetes-version",
            $"Kubernetes target older than {OldestKubernetes}, the oldest release Talguard's Kubernetes checks are written for: "
            + "flags and admission settings are judged as that release reads them");
        return notices;

        void Add(Func<TalosConfigFile, bool> outside, Func<TalosConfigFile, TalosVersion> version, string option, string consequence)
        {
            var files = TalosFiles.Where(outside).ToList();
            if (files.Count == 0)
            {
                return;
            }

            const int Named = 3;
            var which = option == "--talos-version" && Overrides.TalosVersion is { } talos ? $"{option} {talos}"
                : option == "--kubernetes-version" && Overrides.KubernetesVersion is { } kubernetes ? $"{option} {kubernetes}"
                : string.Join(", ", files.Take(Named).Select(f => $"{f.File.DisplayPath} ({version(f)})"))
                    + (files.Count > Named ? $" and {files.Count - Named} more files" : string.Empty);
            notices.Add($"{which}: {consequence}");
        }
    }

    private TalosVersion? Shared(Func<TalosConfigFile, TalosVersion> version) =>
        TalosFiles.Select(version).Distinct().Count() == 1 ? version(TalosFiles[0]) : NodeConfigs.FirstOrDefault() is { } first ? version(first) : null;
}
