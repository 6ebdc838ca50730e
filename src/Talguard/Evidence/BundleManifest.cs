using System.Globalization;
using Talguard.Formats;
using Talguard.Model;

namespace Talguard.Evidence;

/// <summary>A node or resource the collector was refused (<c>manifest.json</c> <c>refused[]</c>).</summary>
/// <param name="Node">The node's address; null when every node refused it.</param>
/// <param name="Resource">The talosctl resource, or <c>kubernetes/PLURAL</c>.</param>
/// <param name="Error">What talosctl or kubectl said.</param>
internal sealed record BundleRefusal(string? Node, string Resource, string Error);

/// <summary>
/// A bundle's <c>manifest.json</c> (schemaVersion 1): when and with what it was collected, the nodes, and what was
/// refused. Fields beyond these are allowed and ignored, as findings-json.md allows added fields.
/// </summary>
internal sealed record BundleManifest(
    string CollectedAt, string TalosctlVersion, string Role, IReadOnlyList<BundleNode> Nodes, IReadOnlyList<BundleRefusal> Refused)
{
    public const int SchemaVersion = 1;

    public const string AdminRole = "os:admin";

    /// <summary>Whether the collector had os:admin, and so could read sensitive resources.</summary>
    public bool IsAdmin => string.Equals(Role, AdminRole, StringComparison.Ordinal);

    /// <summary>Parses the manifest from the objects <see cref="TalosctlJsonReader"/> read in <paramref name="file"/>.</summary>
    public static BundleManifest Parse(string file, IReadOnlyList<TalosctlJsonValue> objects)
    {
        if (objects.Count != 1)
        {
            throw new InputException(file, objects.Count == 0 ? 0 : objects[1].Line, "a manifest is one JSON object");
        }

        var root = objects[0];
        var version = root["schemaVersion"] ?? throw new InputException(file, root.Line, "no schemaVersion (this talguard reads schemaVersion 1)");
        if (version.Kind != TalosctlJsonKind.Number || version.Text != "1")
        {
            throw new InputException(file, version.Line, $"schemaVersion {version.Display()} is not supported (this talguard reads schemaVersion 1)");
        }

        var collectedAt = OptionalString(file, root, "collectedAt");
        if (collectedAt.Length > 0 && !DateTimeOffset.TryParse(collectedAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            throw new InputException(file, root["collectedAt"]!.Line, $"collectedAt \"{collectedAt}\" is not an RFC 3339 time");
        }

        var talosctl = OptionalString(file, root, "talosctlVersion");
        var role = OptionalString(file, root, "role");
        if (role.Length > 0 && !role.StartsWith("os:", StringComparison.Ordinal))
        {
            throw new InputException(file, root["role"]!.Line, $"role \"{role}\" is not a Talos role (os:reader, os:admin, ...)");
        }

        return new BundleManifest(collectedAt, talosctl, role, ReadNodes(file, root), ReadRefusals(file, root));
    }

    private static List<BundleNode> ReadNodes(string file, TalosctlJsonValue root)
    {
        var list = root["nodes"] ?? throw new InputException(file, root.Line, "no nodes list");
        if (list.Kind != TalosctlJsonKind.Array)
        {
            throw new InputException(file, list.Line, "nodes is not a list");
        }

        var nodes = new List<BundleNode>();
        foreach (var item in list.Items)
        {
            if (!item.IsObject)
            {
                throw new InputException(file, item.Line, "a nodes entry is not an object");
            }

            var address = OptionalString(file, item, "address");
            if (address.Length == 0)
            {
                throw new InputException(file, item.Line, "a nodes entry has no address");
            }

            if (nodes.Any(n => n.Address == address))
            {
                throw new InputException(file, item.Line, $"node {address} is listed twice");
            }

            var role = OptionalString(file, item, "role");
            if (role is not ("" or "controlplane" or "worker"))
            {
                throw new InputException(file, item["role"]!.Line, $"node role \"{role}\" is neither controlplane nor worker");
            }

            var version = OptionalString(file, item, "talosVersion");
            if (version.Length > 0 && !TalosVersion.TryParse(version, out _))
            {
                throw new InputException(file, item["talosVersion"]!.Line, $"talosVersion \"{version}\" is not a version (v1.12.4)");
            }

            nodes.Add(new BundleNode(address, role, version));
        }

        return nodes;
    }

    private static List<BundleRefusal> ReadRefusals(string file, TalosctlJsonValue root)
    {
        var list = root["refused"];
        if (list is null || list.Kind == TalosctlJsonKind.Null)
        {
            return [];
        }

        if (list.Kind != TalosctlJsonKind.Array)
        {
            throw new InputException(file, list.Line, "refused is not a list");
        }

        var refusals = new List<BundleRefusal>();
        foreach (var item in list.Items)
        {
            if (!item.IsObject)
            {
                throw new InputException(file, item.Line, "a refused entry is not an object");
            }

            var node = item["node"] is { Kind: TalosctlJsonKind.Null } ? string.Empty : OptionalString(file, item, "node");
            var resource = OptionalString(file, item, "resource");
            if (resource.Length == 0)
            {
                throw new InputException(file, item.Line, "a refused entry names no resource");
            }

            refusals.Add(new BundleRefusal(node.Length == 0 ? null : node, resource, OptionalString(file, item, "error")));
        }

        return refusals;
    }

    private static string OptionalString(string file, TalosctlJsonValue parent, string key)
    {
        var value = parent[key];
        if (value is null)
        {
            return string.Empty;
        }

        return value.AsString() ?? throw new InputException(file, value.Line, $"{key} is {TalosctlJsonValue.KindName(value.Kind)}, not a string");
    }
}
