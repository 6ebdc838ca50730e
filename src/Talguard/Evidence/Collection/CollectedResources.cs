namespace Talguard.Evidence.Collection;

/// <summary>What a bundle holds, as issue #14's contract names it (see docs/collect.md).</summary>
internal static class CollectedResources
{
    /// <summary>Talos resources an os:reader client may get.</summary>
    public static readonly IReadOnlyList<string> ReaderResources =
    [
        "securitystate", "volumestatus", "kernelparamstatus", "nftableschain", "staticpods", "kubeletspec",
        "apiserverconfig", "extensions", "cmdline", "mounts",
    ];

    /// <summary>Talos resources marked sensitive: only an os:admin client may get them.</summary>
    public static readonly IReadOnlyList<string> AdminResources = ["machineconfig", "auditpolicyconfig"];

    /// <summary>Kubernetes objects, by the plural kubectl takes.</summary>
    public static readonly IReadOnlyList<string> KubernetesResources =
    [
        "namespaces", "pods", "deployments", "daemonsets", "statefulsets", "jobs", "cronjobs", "roles", "clusterroles",
        "rolebindings", "clusterrolebindings",
    ];

    public const string ManifestFile = "manifest.json";

    public const int SchemaVersion = 1;
}
