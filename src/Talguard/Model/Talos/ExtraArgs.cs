namespace Talguard.Model.Talos;

/// <summary>A component Talos runs, and where its <c>extraArgs</c> live (main document path, v1.14 document kind).</summary>
public sealed record KubeComponent(string Name, string[] MachineConfigPath, string DocumentKind)
{
    public static readonly KubeComponent ApiServer = new("apiServer", ["cluster", "apiServer", "extraArgs"], "KubeAPIServerConfig");
    public static readonly KubeComponent ControllerManager = new("controllerManager", ["cluster", "controllerManager", "extraArgs"], "KubeControllerManagerConfig");
    public static readonly KubeComponent Scheduler = new("scheduler", ["cluster", "scheduler", "extraArgs"], "KubeSchedulerConfig");
    public static readonly KubeComponent Kubelet = new("kubelet", ["machine", "kubelet", "extraArgs"], "KubeletConfig");
    public static readonly KubeComponent Etcd = new("etcd", ["cluster", "etcd", "extraArgs"], string.Empty);
    public static readonly KubeComponent Proxy = new("proxy", ["cluster", "proxy", "extraArgs"], "KubeProxyConfig");

    public static IReadOnlyList<KubeComponent> All { get; } = [ApiServer, ControllerManager, Scheduler, Proxy, Etcd, Kubelet];
}

/// <summary>One value of an <c>extraArgs</c> entry: the string, or one element of a list (Talos v1.13+).</summary>
/// <param name="Name">The argument name, without dashes.</param>
/// <param name="Node">The scalar node holding the value: its path is <c>...extraArgs.&lt;arg&gt;</c> or <c>...extraArgs.&lt;arg&gt;[i]</c>.</param>
/// <param name="Value">The value as Talos passes it on the command line.</param>
public readonly record struct ExtraArgValue(string Name, YamlNode Node, string Value)
{
    /// <summary>The mapping value of the argument: the scalar itself, or the list holding it.</summary>
    public YamlNode Entry => ExtraArgs.EntryOf(Node);
}

/// <summary>One <c>extraArgs</c> entry: <c>Key</c> is the flag name's node, <c>Value</c> a string or a list of strings.</summary>
public sealed record ExtraArg(string Name, YamlNode Key, YamlNode Value)
{
    /// <summary>Each value with its node; a list element's path is <c>...extraArgs.&lt;arg&gt;[i]</c>.</summary>
    public IEnumerable<ExtraArgValue> Values => ExtraArgs.Elements(Name, Value);
}

/// <summary>The <c>extraArgs</c> mapping of one component in one document, its entries read once.</summary>
public sealed record ComponentExtraArgs(KubeComponent Component, LocatedDocument Document, YamlNode Node)
{
    /// <summary>The entries in document order (a flag given twice appears twice, as the YAML has it).</summary>
    public IReadOnlyList<ExtraArg> Args { get; } = [.. ExtraArgs.Read(Node)];

    /// <summary>The entry the component keeps for <paramref name="name"/>: the last one.</summary>
    public ExtraArg? Find(string name)
    {
        for (var i = Args.Count - 1; i >= 0; i--)
        {
            if (string.Equals(Args[i].Name, name, StringComparison.Ordinal))
            {
                return Args[i];
            }
        }

        return null;
    }

    /// <summary>Every value given for <paramref name="name"/>, in document order.</summary>
    public IEnumerable<ExtraArgValue> ValuesOf(string name)
    {
        foreach (var arg in Args)
        {
            if (string.Equals(arg.Name, name, StringComparison.Ordinal))
            {
                foreach (var value in arg.Values)
                {
                    yield return value;
                }
            }
        }
    }
}

/// <summary>Reads <c>extraArgs</c> wherever Talos takes them: the v1alpha1 config and the v1.14 component documents.</summary>
public static class ExtraArgs
{
    /// <summary>The entries of an <c>extraArgs</c> mapping (none when it is absent or not a mapping).</summary>
    public static IEnumerable<ExtraArg> Read(YamlNode? extraArgs) =>
        extraArgs is { IsMapping: true }
            ? extraArgs.Entries.Select(e => new ExtraArg(e.Key.Value, e.Key, e.Value))
            : [];

    /// <summary>Every component <c>extraArgs</c> mapping in the given Talos documents.</summary>
    public static IEnumerable<ComponentExtraArgs> In(IEnumerable<LocatedDocument> documents) => documents.SelectMany(Of);

    /// <summary>The component <c>extraArgs</c> mappings of one document.</summary>
    public static IReadOnlyList<ComponentExtraArgs> Of(LocatedDocument document) => document.ComponentExtraArgs ??= Find(document);

    /// <summary>Many rules ask for the same document's flags, so each document is searched once and the result kept on it.</summary>
    private static ComponentExtraArgs[] Find(LocatedDocument document)
    {
        var found = new List<ComponentExtraArgs>();
        foreach (var component in KubeComponent.All)
        {
            var node = document.Class switch
            {
                DocumentClass.TalosMachineConfig => document.At(component.MachineConfigPath),
                DocumentClass.TalosDocument when component.DocumentKind.Length > 0 && document.Kind == component.DocumentKind => document.At("extraArgs"),
                _ => null,
            };
            if (node is { IsMapping: true })
            {
                found.Add(new ComponentExtraArgs(component, document, node));
            }
        }

        return [.. found];
    }

    /// <summary>
    /// The <c>extraArgs</c> mappings of <paramref name="component"/> in a file: the main document's, and the
    /// <c>extraArgs</c> of the component's own v1.14 document (<c>KubeAPIServerConfig</c>, ...) when present.
    /// </summary>
    public static IEnumerable<ComponentExtraArgs> Sources(TalosConfigFile file, KubeComponent component)
    {
        foreach (var document in file.Documents)
        {
            foreach (var found in Of(document))
            {
                if (found.Component == component)
                {
                    yield return found;
                }
            }
        }
    }

    /// <summary>Go's <c>strconv.ParseBool</c>, which Kubernetes components use for boolean flags.</summary>
    public static bool? ParseFlagBool(string value) => value switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => null,
    };

    /// <summary>The items of a comma-separated flag value, trimmed, empty items dropped.</summary>
    public static string[] SplitList(string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The mapping value an argument's value sits in: the scalar itself, or the list holding it.</summary>
    internal static YamlNode EntryOf(YamlNode value) => value.IndexInParent >= 0 && value.Parent is { } list ? list : value;

    internal static IEnumerable<ExtraArgValue> Elements(string name, YamlNode value)
    {
        if (value.IsScalar)
        {
            yield return new ExtraArgValue(name, value, value.AsString() ?? string.Empty);
            yield break;
        }

        foreach (var item in value.Items)
        {
            if (item.IsScalar)
            {
                yield return new ExtraArgValue(name, item, item.AsString() ?? string.Empty);
            }
        }
    }
}
