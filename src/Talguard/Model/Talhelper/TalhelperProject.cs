namespace Talguard.Model.Talhelper;

/// <summary>
/// The talhelper projects among a run's files (each <c>talconfig.yaml</c>, recognised by its content): what the scan
/// judges of them. Each inline and <c>@file</c> patch is a Talos patch, judged like any other where it is written; each
/// node is the merged config talhelper would generate for it (<see cref="TalhelperNodeConfig"/>), judged by every rule
/// for its role, absence rules included.
/// </summary>
internal static class TalhelperProject
{
    /// <summary>
    /// The absolute paths of the patch files the talhelper configs among <paramref name="files"/> name (<c>@path</c>
    /// entries, resolved against each talconfig.yaml's directory). A directory scan judges them through their project,
    /// even those it cannot read alone (a JSON 6902 list), so it must not report them as skipped.
    /// </summary>
    public static IReadOnlySet<string> PatchFilesOf(IEnumerable<SourceFile> files)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var config in ConfigsIn(files))
        {
            foreach (var patch in AllPatches(config).Where(p => p.IsFile))
            {
                paths.Add(TalhelperPatches.FullPathOf(config, patch.FilePath));
            }
        }

        return paths;
    }

    /// <summary>Whether a file is a talhelper cluster file, recognised by its content whatever its name.</summary>
    public static bool IsTalhelperConfig(SourceFile file) => file.Documents.Any(d => d.Class == DocumentClass.TalhelperConfig);

    /// <summary>
    /// Loads the patches and builds the node configs of every talhelper config among <paramref name="files"/>.
    /// </summary>
    /// <exception cref="InputException">A patch file is missing or unreadable, a patch is malformed, or it does not apply.</exception>
    internal static TalhelperScan Load(IReadOnlyList<SourceFile> files, TargetOverrides overrides)
    {
        var configs = ConfigsIn(files).ToList();
        if (configs.Count == 0)
        {
            return TalhelperScan.None;
        }

        var loaded = new Dictionary<string, SourceFile>(StringComparer.Ordinal);
        foreach (var file in files.Where(f => f.FullPath is not null))
        {
            loaded.TryAdd(file.FullPath!, file);
        }

        var patches = new TalhelperPatches(loaded);
        var nodes = new List<SourceFile>();
        var notices = new List<string>();
        foreach (var config in configs)
        {
            foreach (var patch in AllPatches(config))
            {
                patches.Load(config, patch);
            }

            foreach (var (node, notJudged) in config.Nodes.Select(node => TalhelperNodeConfig.Build(node, patches)))
            {
                nodes.AddRange(node is null ? [] : [node]);
                notices.AddRange(notJudged is null ? [] : [notJudged]);
            }
        }

        var patchFiles = patches.Files.ToList();
        var talos = patchFiles.Concat(patches.InlinePatches).Where(f => f.Documents.Any(d => d.IsTalos)).Concat(nodes)
            .Select(f => new TalosConfigFile(f, overrides)).ToList();
        return new TalhelperScan(talos, patchFiles, notices);
    }

    private static IEnumerable<TalhelperConfig> ConfigsIn(IEnumerable<SourceFile> files) =>
        files.SelectMany(f => f.Documents).Select(TalhelperConfig.Of).OfType<TalhelperConfig>();

    /// <summary>Every patch the config names, in file order: global, groups, then each node's own.</summary>
    private static IEnumerable<PatchReference> AllPatches(TalhelperConfig config) =>
        config.Patches
            .Concat(PatchReference.ListOf(config.GroupOf(controlPlane: true)?["patches"]))
            .Concat(PatchReference.ListOf(config.GroupOf(controlPlane: false)?["patches"]))
            .Concat(config.Nodes.SelectMany(n => PatchReference.ListOf(n.Entry["patches"])))
            .OrderBy(p => p.Node.Start.Offset);
}

/// <summary>What the talhelper projects of a run add to it: Talos files to judge (patches and node configs), the patch files read, and the nodes not judged as merged.</summary>
internal sealed record TalhelperScan(IReadOnlyList<TalosConfigFile> TalosFiles, IReadOnlyList<SourceFile> PatchFiles, IReadOnlyList<string> Notices)
{
    public static TalhelperScan None { get; } = new([], [], []);

    /// <summary>Whether <paramref name="file"/> was loaded by the run and is one of the patch files, now judged as read by the project.</summary>
    public bool Replaces(SourceFile file) => file.FullPath is { } path && PatchFiles.Any(p => p.FullPath == path);
}
