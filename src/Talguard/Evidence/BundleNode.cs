using Talguard.Model;

namespace Talguard.Evidence;

/// <summary>
/// A node of an evidence bundle, as its <c>manifest.json</c> lists it: the address talosctl was given
/// (<c>--nodes</c>), its machine type, and the Talos release it runs.
/// </summary>
/// <param name="Address">The node's address, as talosctl prints it in each object's <c>node</c> field.</param>
/// <param name="Role"><c>controlplane</c> or <c>worker</c>; empty when the manifest does not say.</param>
/// <param name="Version">The Talos version as given (<c>v1.12.4</c>); empty when the manifest does not say.</param>
public sealed record BundleNode(string Address, string Role, string Version)
{
    /// <summary>The Talos release line the node runs (<c>v1.12</c>); null when the manifest gives no version.</summary>
    public TalosVersion? Release => TalosVersion.TryParse(Version, out var release) ? release : null;
}
