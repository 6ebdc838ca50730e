namespace Talguard.Tests.Hardening.ControlPlane;

/// <summary>Builds node configs around a fragment, so each test shows only what it is about.</summary>
internal static class ControlPlaneTestConfigs
{
    /// <summary>A controlplane config with <paramref name="clusterBody"/> under <c>cluster:</c> (indented two spaces).</summary>
    public static (string, string) Cluster(string clusterBody) => ("cp.yaml", "version: v1alpha1\nmachine:\n  type: controlplane\ncluster:\n" + clusterBody);

    /// <summary>A node config with <paramref name="machineBody"/> under <c>machine:</c> after <c>type</c>.</summary>
    public static (string, string) Machine(string machineBody, string type = "controlplane") => ("node.yaml", $"version: v1alpha1\nmachine:\n  type: {type}\n" + machineBody);
}
