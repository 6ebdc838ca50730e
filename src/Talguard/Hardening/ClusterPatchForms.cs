using Talguard.Model;
using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;

namespace Talguard.Hardening;

/// <summary>
/// The two forms a Kubernetes setting takes in a Talos patch: a v1alpha1 fragment (<c>cluster.apiServer...</c>,
/// <c>machine.kubelet...</c>) up to v1.13, and from v1.14 the component's own document (<c>KubeAPIServerConfig</c>,
/// <c>KubeletConfig</c>, ...), which is what <c>talosctl gen config</c> v1.14 writes and the v1.14 schema describes.
/// </summary>
internal static class ClusterPatchForms
{
    /// <summary>The first release whose <c>gen config</c> writes the <c>Kube*Config</c> documents.</summary>
    public static readonly TalosVersion KubeDocuments = new(1, 14);

    public static bool UsesKubeDocuments(TalosVersion talos) => talos >= KubeDocuments;

    /// <summary>A v1alpha1 fragment holding <paramref name="leaf"/> at <paramref name="path"/>.</summary>
    public static ConfigMapping Fragment(IReadOnlyList<string> path, ConfigNode leaf)
    {
        var node = leaf;
        for (var i = path.Count - 1; i >= 0; i--)
        {
            node = ConfigMapping.Of((path[i], node));
        }

        return (ConfigMapping)node;
    }

    /// <summary>A typed document (<c>apiVersion: v1alpha1</c>, <c>kind</c>, then <paramref name="fields"/>).</summary>
    public static ConfigMapping Document(string kind, params ReadOnlySpan<(string Key, ConfigNode Value)> fields)
    {
        var document = ConfigMapping.Of(("apiVersion", ConfigScalar.String("v1alpha1")), ("kind", ConfigScalar.String(kind)));
        foreach (var (key, value) in fields)
        {
            document[key] = value;
        }

        return document;
    }

    /// <summary>
    /// A component's <c>extraArgs</c> in the release's form: <c>cluster.apiServer.extraArgs</c> (and the like) up to v1.13, the
    /// component's <c>Kube*Config</c> document from v1.14. Talos replaces each named argument whole, so re-applying changes nothing.
    /// </summary>
    public static ConfigMapping ExtraArgs(TalosVersion talos, KubeComponent component, ConfigMapping arguments) =>
        UsesKubeDocuments(talos) && component.DocumentKind.Length > 0
            ? Document(component.DocumentKind, ("extraArgs", arguments))
            : Fragment(component.MachineConfigPath, arguments);

    /// <summary>A mapping of <paramref name="entries"/> with <paramref name="comment"/> written above its key (or list dash).</summary>
    public static ConfigMapping Map(string comment, params ReadOnlySpan<(string Key, ConfigNode Value)> entries)
    {
        var mapping = new ConfigMapping { Comment = comment };
        foreach (var (key, value) in entries)
        {
            mapping[key] = value;
        }

        return mapping;
    }

    /// <summary>A string with <paramref name="comment"/> written above its key.</summary>
    public static ConfigScalar Text(string text, string comment) => new(Model.Talos.Patching.ScalarKind.String, text) { Comment = comment };

    /// <summary>A boolean with <paramref name="comment"/> written above its key.</summary>
    public static ConfigScalar Flag(bool value, string comment) => new(Model.Talos.Patching.ScalarKind.Bool, value ? "true" : "false") { Comment = comment };

    /// <summary>A list of plain strings.</summary>
    public static ConfigSequence Strings(params IEnumerable<string> items) => new(items.Select(ConfigScalar.String));
}
