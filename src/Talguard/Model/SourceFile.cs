namespace Talguard.Model;

/// <summary>One loaded input file and its documents.</summary>
public sealed class SourceFile
{
    private readonly List<LocatedDocument> _documents = [];

    internal SourceFile(string displayPath, string? fullPath)
    {
        DisplayPath = displayPath;
        FullPath = fullPath;
    }

    /// <summary>The path shown in reports: as given on the command line, <c>/</c>-separated.</summary>
    public string DisplayPath { get; }

    /// <summary>Absolute path on disk; null for standard input.</summary>
    public string? FullPath { get; }

    public IReadOnlyList<LocatedDocument> Documents => _documents;

    /// <summary>A config with patches applied (<see cref="Talos.Patching.MergedConfig"/>): a whole node config, its nodes placed in the files they came from.</summary>
    public bool IsMerged { get; internal init; }

    /// <summary>A patch a talhelper config names (inline or <c>@file</c>): it is judged alone and as part of each node it patches.</summary>
    internal bool IsTalhelperPatch { get; set; }

    /// <summary>The main Talos document, when the file has one: that makes the file a node config.</summary>
    public LocatedDocument? MachineConfig => _documents.FirstOrDefault(d => d.Class == DocumentClass.TalosMachineConfig && (!d.IsMachineConfigPatch || IsMerged));

    internal void Add(LocatedDocument document) => _documents.Add(document);

    public override string ToString() => DisplayPath;
}
