namespace Talguard.Model.Talos;

/// <summary>The directories the kube-apiserver static pod sees: Talos's own, and <c>cluster.apiServer.extraVolumes</c>.</summary>
public static class ApiServerMounts
{
    /// <summary>Directories Talos itself mounts into the kube-apiserver pod.</summary>
    public static readonly IReadOnlyList<string> TalosMounts =
    [
        "/system/config/kubernetes/kube-apiserver", "/system/secrets/kubernetes/kube-apiserver", "/var/log/audit/kube",
    ];

    /// <summary>Talos's mounts and every <c>mountPath</c> of the main document's <c>cluster.apiServer.extraVolumes</c>.</summary>
    public static IReadOnlyList<string> Of(TalosConfigFile file) =>
    [
        .. TalosMounts,
        .. (file.Main?.At("cluster", "apiServer", "extraVolumes")?.Items ?? []).Select(v => v["mountPath"]?.AsString()).OfType<string>(),
    ];
}
