using Talguard.Model;
using Talguard.Model.Talos.Patching;

namespace Talguard.Evidence.Adapters;

/// <summary>
/// What a node's evidence says about its Kubernetes components, presented to the K8S and AUD rules as a Talos config
/// patch (the typed views read it like any other): the flags of the kube-apiserver, kube-controller-manager and
/// kube-scheduler static pods become their <c>extraArgs</c>, <c>kubeletspec</c>'s args and config the kubelet's
/// <c>extraArgs</c> and <c>extraConfig</c>, <c>auditpolicyconfig</c>'s policy the inline <c>auditPolicy</c>. Every
/// value is the evidence's own node, so a finding points at the bundle file, line and JSON path of the value.
/// </summary>
/// <remarks>
/// A patch, not a whole config: rules that judge what a config lacks (a Talos default the config would get) do not
/// run. A static pod, unlike a patch, shows every flag Talos set: a flag absent from it is absent on the node, so
/// where the component's own default is weaker than Talos's, that default is presented as the value
/// (<see cref="AbsentFlagDefaults"/>), placed at the container's command.
/// </remarks>
internal sealed class LiveComponentConfig
{
    /// <summary>Flags whose upstream default, when Talos's value is missing, is weak; by static pod.</summary>
    internal static readonly IReadOnlyDictionary<string, (string Flag, string Default)[]> AbsentFlagDefaults = new Dictionary<string, (string, string)[]>(StringComparer.Ordinal)
    {
        ["kube-apiserver"] =
        [
            ("anonymous-auth", "true"),
            ("profiling", "true"),
            ("authorization-mode", "AlwaysAllow"),
            ("audit-policy-file", string.Empty),
            ("audit-log-path", string.Empty),
        ],
        ["kube-controller-manager"] = [("profiling", "true"), ("bind-address", "0.0.0.0")],
        ["kube-scheduler"] = [("profiling", "true"), ("bind-address", "0.0.0.0")],
    };

    private static readonly Dictionary<string, string> SectionOfPod = new(StringComparer.Ordinal)
    {
        ["kube-apiserver"] = "apiServer",
        ["kube-controller-manager"] = "controllerManager",
        ["kube-scheduler"] = "scheduler",
    };

    private readonly List<KeyValuePair<YamlNode, YamlNode>> _machine = [];
    private readonly List<(string Name, YamlNode Anchor, List<KeyValuePair<YamlNode, YamlNode>> Entries)> _cluster = [];
    private readonly List<(YamlNode Value, YamlNode Anchor, string Note)> _absent = [];
    private YamlNode? _anchor;

    /// <summary>
    /// Values presented for something the node does not set, by their path in the patch: where the finding belongs in
    /// the evidence (the JSON path of the list or mapping it would be in) and what the message adds.
    /// </summary>
    public IReadOnlyDictionary<string, (string EvidencePath, string Note)> Absent =>
        _absent.ToDictionary(a => a.Value.Path, a => (a.Anchor.Path, a.Note), StringComparer.Ordinal);

    /// <summary>True once some evidence was added.</summary>
    public bool HasEvidence => _anchor is not null;

    /// <summary>Adds a <c>staticpods</c> object (spec = the Pod): its first container's flags become the component's extraArgs.</summary>
    public void AddStaticPod(YamlNode resource)
    {
        var id = resource.At("metadata", "id")?.AsString() ?? string.Empty;
        if (!SectionOfPod.TryGetValue(id, out var section) || resource.At("spec", "spec", "containers") is not { IsSequence: true, Items.Count: > 0 } containers)
        {
            return;
        }

        var container = containers.Items[0];
        var command = container["command"];
        var args = new List<KeyValuePair<YamlNode, YamlNode>>();
        foreach (var list in new[] { command, container["args"] })
        {
            if (list is { IsSequence: true })
            {
                args.AddRange(Flags(list));
            }
        }

        var anchor = command ?? container;
        foreach (var (flag, fallback) in AbsentFlagDefaults[id])
        {
            if (args.Any(a => a.Key.Value == flag) || (flag == "authorization-mode" && args.Any(a => a.Key.Value == "authorization-config")))
            {
                continue;
            }

            var value = Scalar(anchor, fallback);
            _absent.Add((value, anchor, $"--{flag} is not set in the {id} static pod, so {id}'s own default applies"));
            args.Add(new(Scalar(anchor, flag), value));
        }

        var entries = new List<KeyValuePair<YamlNode, YamlNode>>();
        if (container["image"] is { IsScalar: true } image)
        {
            entries.Add(new(Scalar(image, "image"), image));
        }

        entries.Add(new(Scalar(anchor, "extraArgs"), Mapping(anchor, args)));
        Section(section, anchor).AddRange(entries);
        _anchor ??= anchor;
    }

    /// <summary>
    /// Adds an <c>apiserverconfig</c> object: the user's extraArgs only (a string per flag before v1.13, <c>{values: [...]}</c>
    /// from v1.13). Used when the node's static pod was not collected: a flag absent here keeps Talos's default.
    /// </summary>
    public void AddApiServerConfig(YamlNode resource)
    {
        if (resource.At("spec", "extraArgs") is not { IsMapping: true } extraArgs)
        {
            return;
        }

        var args = new List<KeyValuePair<YamlNode, YamlNode>>();
        foreach (var (key, value) in extraArgs.Entries)
        {
            var given = value.IsMapping ? value["values"] : value;
            if (given is { IsScalar: true } or { IsSequence: true })
            {
                args.Add(new(key, given));
            }
        }

        Section("apiServer", extraArgs).Add(new(Scalar(extraArgs, "extraArgs"), Mapping(extraArgs, args)));
        _anchor ??= extraArgs;
    }

    /// <summary>Adds a <c>kubeletspec</c> object: <c>args</c> become the kubelet's extraArgs, <c>config</c> its extraConfig.</summary>
    public void AddKubeletSpec(YamlNode resource)
    {
        if (resource["spec"] is not { IsMapping: true } spec)
        {
            return;
        }

        var entries = new List<KeyValuePair<YamlNode, YamlNode>>();
        if (spec["image"] is { IsScalar: true } image)
        {
            entries.Add(new(Scalar(image, "image"), image));
        }

        if (spec["args"] is { IsSequence: true } args)
        {
            entries.Add(new(Scalar(args, "extraArgs"), Mapping(args, [.. Flags(args)])));
        }

        if (spec["config"] is { IsMapping: true } config)
        {
            entries.Add(new(Scalar(config, "extraConfig"), config));
            // The kubelet's seccompDefault is what machine.kubelet.defaultRuntimeSeccompProfileEnabled sets; absent means off.
            if (config["seccompDefault"] is { IsScalar: true } seccomp)
            {
                entries.Add(new(Scalar(seccomp, "defaultRuntimeSeccompProfileEnabled"), seccomp));
            }
            else
            {
                var off = Scalar(config, "false", plain: true);
                _absent.Add((off, config, "seccompDefault is not set in the kubelet config, so it is off"));
                entries.Add(new(Scalar(config, "defaultRuntimeSeccompProfileEnabled"), off));
            }
        }

        _machine.Add(new(Scalar(spec, "kubelet"), Mapping(spec, entries)));
        _anchor ??= spec;
    }

    /// <summary>Adds an <c>auditpolicyconfig</c> object (admin only): <c>spec.config</c> is the policy the API server loads.</summary>
    public void AddAuditPolicy(YamlNode resource)
    {
        if (resource.At("spec", "config") is not { IsMapping: true } policy)
        {
            return;
        }

        Section("apiServer", policy).Add(new(Scalar(policy, "auditPolicy"), policy));
        _anchor ??= policy;
    }

    /// <summary>The evidence as one Talos patch document (<c>machine:</c>/<c>cluster:</c>), in a file named <paramref name="displayPath"/>.</summary>
    public SourceFile ToSourceFile(string displayPath)
    {
        var anchor = _anchor ?? throw new InvalidOperationException("no evidence added");
        var top = new List<KeyValuePair<YamlNode, YamlNode>>();
        if (_machine.Count > 0)
        {
            top.Add(new(Scalar(anchor, "machine"), Mapping(anchor, _machine)));
        }

        if (_cluster.Count > 0)
        {
            top.Add(new(Scalar(anchor, "cluster"), Mapping(anchor, [.. _cluster.Select(s => new KeyValuePair<YamlNode, YamlNode>(Scalar(s.Anchor, s.Name), Mapping(s.Anchor, s.Entries)))])));
        }

        var file = new SourceFile(displayPath, null);
        file.Add(new LocatedDocument(file, new ParsedYamlDocument(anchor.Origin?.Document ?? 0, anchor.Start, Mapping(anchor, top), [])));
        return file;
    }

    /// <summary>The entries of a <c>cluster</c> section, made when first asked for.</summary>
    private List<KeyValuePair<YamlNode, YamlNode>> Section(string name, YamlNode anchor)
    {
        var index = _cluster.FindIndex(s => s.Name == name);
        if (index < 0)
        {
            _cluster.Add((name, anchor, []));
            index = _cluster.Count - 1;
        }

        return _cluster[index].Entries;
    }

    /// <summary>
    /// <c>--name=value</c> items as extraArgs entries (a bare <c>--name</c> is <c>true</c>, as Go's flag package reads a
    /// boolean). Each value keeps its place in the evidence list, so a finding's path is <c>...command[i]</c>.
    /// </summary>
    private static IEnumerable<KeyValuePair<YamlNode, YamlNode>> Flags(YamlNode list)
    {
        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            if (!item.IsScalar || !item.Value.StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }

            var text = item.Value[2..];
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            var value = Scalar(item, equals < 0 ? "true" : text[(equals + 1)..]);
            list.AdoptItem(value, i);
            yield return new(Scalar(item, equals < 0 ? text : text[..equals]), value);
        }
    }

    /// <summary>A string scalar placed where <paramref name="at"/> is.</summary>
    private static YamlNode Scalar(YamlNode at, string text, bool plain = false) =>
        new(YamlNodeType.Scalar, at.Start, null) { Value = text, IsPlain = plain, Origin = at.Origin };

    private static YamlNode Mapping(YamlNode at, IReadOnlyList<KeyValuePair<YamlNode, YamlNode>> entries)
    {
        var map = new YamlNode(YamlNodeType.Mapping, at.Start, null) { Origin = at.Origin };
        foreach (var (key, value) in entries)
        {
            map.AdoptEntry(key, value);
        }

        map.SetEntries([.. entries]);
        return map;
    }
}
