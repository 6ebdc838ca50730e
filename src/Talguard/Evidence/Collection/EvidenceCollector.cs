using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Talguard.Artifacts;
using Talguard.Model;

namespace Talguard.Evidence.Collection;

/// <summary>
/// Collects an evidence bundle through talosctl (and kubectl), as issue #14's contract lays it out. Each resource is
/// first asked of all nodes at once, as a user would; when that run fails (one node refuses or is down, and talosctl
/// then exits non-zero, or fails outright when the first node is the one down) each node is asked on its own, so one
/// bad node costs only its own evidence, and the refusal is recorded with that node's error. Everything collected is
/// redacted (<see cref="EvidenceRedaction"/>) before the bundle is written.
/// </summary>
internal sealed class EvidenceCollector(CollectRequest request, ICommandRunner runner)
{
    private const int MaxErrorChars = 400;

    private readonly List<CollectionRefusal> _refused = [];

    /// <summary>The Talos resources asked of every node: the reader ones, and with <c>--admin</c> the sensitive ones.</summary>
    private IReadOnlyList<string> TalosResources =>
        request.Admin ? [.. CollectedResources.ReaderResources, .. CollectedResources.AdminResources] : CollectedResources.ReaderResources;

    public CollectResult Collect()
    {
        var nodes = request.Nodes.Count > 0 ? request.Nodes : TalosConfigNodes.Read(request.TalosConfig, request.Context);
        var talosctlVersion = ClientVersion();
        var identified = Identify(nodes);
        if (identified.Count == 0)
        {
            throw new InputException(request.TalosConfig, "no node answered: " + (_refused.Count > 0 ? _refused[0].Error : "talosctl gave nothing"));
        }

        var files = new List<Artifact>();
        var addresses = identified.Select(n => n.Address).ToList();
        foreach (var resource in TalosResources)
        {
            if (CollectTalos(addresses, resource) is { } content)
            {
                files.Add(new Artifact($"talos/{resource}.json", content, Private: true));
            }
        }

        if (request.KubeConfig is { } kubeconfig)
        {
            foreach (var plural in CollectedResources.KubernetesResources)
            {
                if (CollectKubernetes(kubeconfig, plural) is { } content)
                {
                    files.Add(new Artifact($"kubernetes/{plural}.json", content, Private: true));
                }
            }
        }

        var role = request.Admin ? "os:admin" : "os:reader";
        var manifest = Manifest(talosctlVersion, role, identified);
        files.Insert(0, new Artifact(CollectedResources.ManifestFile, manifest, Private: true));
        BundleWriter.Write(request.Output, files);
        return new CollectResult(request.Output, talosctlVersion, role, identified, [.. _refused], [.. files.Select(f => f.Name)]);
    }

    /// <summary>talosctl's own version (<c>talosctl version --client --short</c> prints "Talos v1.12.4").</summary>
    private string ClientVersion()
    {
        var result = runner.Run(request.Talosctl, ["version", "--client", "--short"]);
        var text = Encoding.UTF8.GetString(result.Stdout);
        var version = text.Split([' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(w => w.StartsWith('v') && TalosVersion.TryParse(w, out _));
        return result.Succeeded && version is not null
            ? version
            : throw new InputException(request.Talosctl, "does not print a talosctl version for `version --client --short`: " + ErrorText(result));
    }

    /// <summary>Each node's Talos version (<c>talosctl version --json</c>) and role (<c>get machinetype</c>); nodes lacking either are not collected.</summary>
    private List<CollectedNode> Identify(IReadOnlyList<string> nodes)
    {
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        void ReadVersions(IReadOnlyList<string> asked)
        {
            var result = RunTalosctl(asked, "version", "--json");
            foreach (var message in JsonObjectStream.Split(result.Stdout) ?? [])
            {
                if (Text(message.Value["metadata"]?["hostname"]) is { } host && Text(message.Value["version"]?["tag"]) is { } tag && asked.Contains(host))
                {
                    versions[host] = tag;
                }
            }

            foreach (var node in asked.Where(n => !versions.ContainsKey(n)))
            {
                errors[node] = ErrorText(result);
            }
        }

        ReadVersions(nodes);
        if (nodes.Count > 1)
        {
            // A multi-node failure names no node; asked alone, each missing node says why.
            foreach (var node in nodes.Where(n => !versions.ContainsKey(n)).ToList())
            {
                ReadVersions([node]);
            }
        }

        var reachable = nodes.Where(versions.ContainsKey).ToList();
        var roles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (node, objects) in GetPerNode(reachable, "machinetype", errors))
        {
            if (objects.Select(o => Text(o.Value["spec"])).FirstOrDefault() is { } type)
            {
                // "init" is the legacy name of the first control-plane node's type.
                roles[node] = type is "init" ? "controlplane" : type;
            }
            else
            {
                errors[node] = "talosctl get machinetype gave no machine type";
            }
        }

        var identified = new List<CollectedNode>();
        foreach (var node in nodes)
        {
            if (versions.TryGetValue(node, out var version) && roles.TryGetValue(node, out var role))
            {
                identified.Add(new CollectedNode(node, role, version));
                continue;
            }

            // A node that cannot even say what it is gives nothing else: every resource is recorded as refused.
            var error = errors.GetValueOrDefault(node, "no answer");
            _refused.AddRange(TalosResources.Select(resource => new CollectionRefusal(node, resource, error)));
        }

        return identified;
    }

    /// <summary>The bundle file of one Talos resource (all nodes' objects in node order), or null when no node gave any.</summary>
    private byte[]? CollectTalos(IReadOnlyList<string> nodes, string resource)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        using var content = new MemoryStream();
        var answered = false;
        foreach (var (node, objects) in GetPerNode(nodes, resource, errors))
        {
            var written = new List<byte[]>();
            var withheld = false;
            foreach (var item in objects)
            {
                switch (EvidenceRedaction.Redact(item.Value, resource))
                {
                    case RedactionOutcome.Unchanged:
                        written.Add([.. item.Raw.Span, (byte)'\n']);
                        break;
                    case RedactionOutcome.Redacted:
                        written.Add(JsonObjectStream.Render(item.Value));
                        break;
                    default:
                        withheld = true;
                        break;
                }
            }

            if (withheld)
            {
                // Never write what could not be vouched for: the node's evidence for this resource is left out whole.
                errors[node] = "withheld: its secrets could not be redacted with certainty";
                continue;
            }

            answered = true;
            foreach (var bytes in written)
            {
                content.Write(bytes);
            }
        }

        _refused.AddRange(nodes.Where(errors.ContainsKey).Select(node => new CollectionRefusal(node, resource, errors[node])));
        return answered ? content.ToArray() : null;
    }

    /// <summary>
    /// The objects each node gave for <paramref name="resource"/>, in node order; nodes that failed are left out and
    /// their error put in <paramref name="errors"/>.
    /// </summary>
    private List<(string Node, List<JsonObjectText> Objects)> GetPerNode(IReadOnlyList<string> nodes, string resource, Dictionary<string, string> errors)
    {
        var answers = new List<(string, List<JsonObjectText>)>();
        if (nodes.Count == 0)
        {
            return answers;
        }

        var together = RunTalosctl(nodes, "get", resource, "-o", "json");
        if (together.Succeeded && JsonObjectStream.Split(together.Stdout) is { } all && all.All(o => Text(o.Value["node"]) is { } n && nodes.Contains(n)))
        {
            answers.AddRange(nodes.Select(node => (node, all.Where(o => Text(o.Value["node"]) == node).ToList())));
            return answers;
        }

        foreach (var node in nodes)
        {
            var alone = nodes.Count == 1 ? together : RunTalosctl([node], "get", resource, "-o", "json");
            if (!alone.Succeeded)
            {
                errors[node] = ErrorText(alone);
            }
            else if (JsonObjectStream.Split(alone.Stdout) is { } objects)
            {
                answers.Add((node, objects));
            }
            else
            {
                errors[node] = $"talosctl get {resource} -o json printed something other than JSON objects";
            }
        }

        return answers;
    }

    /// <summary>One Kubernetes list (<c>kubectl get PLURAL -A -o json</c>), redacted; null (and a refusal) when kubectl fails.</summary>
    private byte[]? CollectKubernetes(string kubeconfig, string plural)
    {
        var result = runner.Run(request.Kubectl, [$"--kubeconfig={kubeconfig}", "get", plural, "--all-namespaces", "-o", "json"]);
        var objects = result.Succeeded ? JsonObjectStream.Split(result.Stdout) : null;
        if (objects is not [var list])
        {
            var error = result.Succeeded ? $"kubectl get {plural} -o json printed something other than one JSON object" : ErrorText(result);
            _refused.Add(new CollectionRefusal(null, plural, error));
            return null;
        }

        return EvidenceRedaction.Redact(list.Value, plural) == RedactionOutcome.Unchanged ? [.. list.Raw.Span, (byte)'\n'] : JsonObjectStream.Render(list.Value);
    }

    private CommandResult RunTalosctl(IReadOnlyList<string> nodes, params string[] command)
    {
        // --flag=value: a value starting with "-" can never be taken for another flag.
        var arguments = new List<string> { $"--talosconfig={request.TalosConfig}" };
        if (request.Context is { } context)
        {
            arguments.Add($"--context={context}");
        }

        arguments.Add($"--nodes={string.Join(',', nodes)}");
        arguments.AddRange(command);
        return runner.Run(request.Talosctl, arguments);
    }

    private byte[] Manifest(string talosctlVersion, string role, IReadOnlyList<CollectedNode> nodes)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps talosctl's quoted error messages readable; the manifest is read as JSON either way.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", CollectedResources.SchemaVersion);
            json.WriteString("collectedAt", request.Clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteString("talosctlVersion", talosctlVersion);
            json.WriteString("role", role);
            json.WriteStartArray("nodes");
            foreach (var node in nodes)
            {
                json.WriteStartObject();
                json.WriteString("address", node.Address);
                json.WriteString("role", node.Role);
                json.WriteString("talosVersion", node.TalosVersion);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("refused");
            foreach (var refusal in _refused)
            {
                json.WriteStartObject();
                json.WriteString("node", refusal.Node);
                json.WriteString("resource", refusal.Resource);
                json.WriteString("error", refusal.Error);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>
    /// The error a failed run reports, on one bounded line: the items of talosctl's "N errors occurred:" list, or
    /// its message otherwise. Never the run's standard output, which is evidence and may hold secrets.
    /// </summary>
    internal static string ErrorText(CommandResult result)
    {
        var lines = result.Stderr.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var items = lines.Where(l => l.StartsWith("* ", StringComparison.Ordinal)).Select(l => l[2..]).ToList();
        var text = items.Count > 0 ? string.Join("; ", items.Distinct(StringComparer.Ordinal))
            : lines.Count > 0 ? string.Join(' ', lines)
            : string.Create(CultureInfo.InvariantCulture, $"exit code {result.ExitCode} and no message");
        var clean = new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]);
        return clean.Length <= MaxErrorChars ? clean : clean[..MaxErrorChars] + "…";
    }
}
