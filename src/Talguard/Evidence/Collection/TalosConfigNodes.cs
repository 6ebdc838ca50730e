using System.Text;
using Talguard.Model;

namespace Talguard.Evidence.Collection;

/// <summary>
/// The nodes a talosconfig context names (<c>contexts.NAME.nodes</c>), as talosctl would target them. Only the
/// context's name and node addresses are read; errors never quote the file, which holds a private key.
/// </summary>
internal static class TalosConfigNodes
{
    private const long MaxTalosConfigBytes = 16 * 1024 * 1024;

    public static IReadOnlyList<string> Read(string talosConfig, string? context)
    {
        var bytes = BoundedFile.ReadAllBytes(talosConfig, talosConfig, MaxTalosConfigBytes, yaml: true);
        var documents = YamlStreamReader.Read(talosConfig, new StringReader(Encoding.UTF8.GetString(bytes)));
        var root = documents.Count > 0 ? documents[0].Root : null;
        if (root is not { IsMapping: true } || root["contexts"] is not { IsMapping: true } contexts)
        {
            throw new InputException(talosConfig, "not a talosconfig (no contexts)");
        }

        var name = context ?? root["context"]?.AsString();
        if (string.IsNullOrEmpty(name))
        {
            throw new InputException(talosConfig, "no current context: give --context");
        }

        if (contexts[name] is not { IsMapping: true } selected)
        {
            throw new InputException(talosConfig, $"no context named {name}");
        }

        var nodes = selected["nodes"] is { IsSequence: true } list ? list.Items.Select(n => n.AsString()).OfType<string>().Where(n => n.Length > 0).ToList() : [];
        var line = selected.Start.Line;
        return nodes.Count > 0 ? nodes : throw new InputException(talosConfig, line, $"context {name} lists no nodes: give --nodes");
    }
}
