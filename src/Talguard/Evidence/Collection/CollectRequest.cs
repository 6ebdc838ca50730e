namespace Talguard.Evidence.Collection;

/// <summary>What <c>talguard collect</c> asks for: where the cluster is, with which rights, and where the bundle goes.</summary>
public sealed record CollectRequest(string TalosConfig, string Output)
{
    /// <summary>The talosconfig context; null uses the file's current context.</summary>
    public string? Context { get; init; }

    /// <summary>The nodes to collect from; empty takes the context's nodes.</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];

    /// <summary>A kubeconfig: when given, the Kubernetes objects of the bundle are collected with kubectl.</summary>
    public string? KubeConfig { get; init; }

    /// <summary>Also collect the resources only os:admin may read (machine config, audit policy).</summary>
    public bool Admin { get; init; }

    /// <summary>The talosctl to run: a path, or a name looked up on PATH.</summary>
    public string Talosctl { get; init; } = "talosctl";

    /// <summary>The kubectl to run: a path, or a name looked up on PATH.</summary>
    public string Kubectl { get; init; } = "kubectl";

    /// <summary>How long one talosctl or kubectl run may take before it is killed and counted as failed.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The clock that stamps <c>collectedAt</c>.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>A node of the bundle as the manifest lists it.</summary>
public sealed record CollectedNode(string Address, string Role, string TalosVersion);

/// <summary>A resource a node (or, for Kubernetes objects, the API server: <see cref="Node"/> null) refused or failed to give.</summary>
public sealed record CollectionRefusal(string? Node, string Resource, string Error);

/// <summary>The bundle written: its manifest's content and the files beside it.</summary>
public sealed record CollectResult(
    string Bundle,
    string TalosctlVersion,
    string Role,
    IReadOnlyList<CollectedNode> Nodes,
    IReadOnlyList<CollectionRefusal> Refused,
    IReadOnlyList<string> Files)
{
    /// <summary>Every node gave every resource asked for; otherwise the bundle is partial and <see cref="Refused"/> says what is missing.</summary>
    public bool IsComplete => Refused.Count == 0;
}
