namespace Talguard.Model.Talos;

/// <summary>The Kubernetes components (and etcd) whose flags Talos takes from <c>extraArgs</c>.</summary>
public enum ArgsComponent
{
    ApiServer,
    ControllerManager,
    Scheduler,
    Proxy,
    Kubelet,
    Etcd,
}

/// <summary>One element of an <c>extraArgs</c> value: the whole string, or one item of a (v1.13+) list.</summary>
public readonly record struct ExtraArgValue(string Text, YamlNode Node);

/// <summary>One <c>extraArgs</c> entry: <c>Key</c> is the flag name's node, <c>Value</c> a string or a list of strings.</summary>
public sealed record ExtraArg(string Name, YamlNode Key, YamlNode Value)
{
    /// <summary>Each value with its node; a list element's path is <c>...extraArgs.&lt;arg&gt;[i]</c>.</summary>
    public IEnumerable<ExtraArgValue> Values => Value.IsSequence
        ? Value.Items.Where(i => i.IsScalar).Select(i => new ExtraArgValue(i.Value, i))
        : Value.IsScalar ? [new ExtraArgValue(Value.IsNull ? string.Empty : Value.Value, Value)] : [];
}

/// <summary>The <c>extraArgs</c> mapping of one component in one document.</summary>
public sealed record ComponentArgs(ArgsComponent Component, LocatedDocument Document, YamlNode Node)
{
    public IEnumerable<ExtraArg> Args => ExtraArgs.Read(Node);

    public ExtraArg? Find(string name) => Args.LastOrDefault(a => a.Name == name);
}

/// <summary>Reads <c>extraArgs</c> wherever Talos takes them: the v1alpha1 config and the v1.14 component documents.</summary>
public static class ExtraArgs
{
    private static readonly (ArgsComponent Component, string[] Keys)[] MainDocumentPlaces =
    [
        (ArgsComponent.ApiServer, ["cluster", "apiServer", "extraArgs"]),
        (ArgsComponent.ControllerManager, ["cluster", "controllerManager", "extraArgs"]),
        (ArgsComponent.Scheduler, ["cluster", "scheduler", "extraArgs"]),
        (ArgsComponent.Proxy, ["cluster", "proxy", "extraArgs"]),
        (ArgsComponent.Etcd, ["cluster", "etcd", "extraArgs"]),
        (ArgsComponent.Kubelet, ["machine", "kubelet", "extraArgs"]),
    ];

    private static readonly Dictionary<string, ArgsComponent> ComponentDocuments = new(StringComparer.Ordinal)
    {
        ["KubeAPIServerConfig"] = ArgsComponent.ApiServer,
        ["KubeControllerManagerConfig"] = ArgsComponent.ControllerManager,
        ["KubeSchedulerConfig"] = ArgsComponent.Scheduler,
        ["KubeProxyConfig"] = ArgsComponent.Proxy,
        ["KubeletConfig"] = ArgsComponent.Kubelet,
    };

    /// <summary>The entries of an <c>extraArgs</c> mapping (none when it is absent or not a mapping).</summary>
    public static IEnumerable<ExtraArg> Read(YamlNode? extraArgs) =>
        extraArgs is { IsMapping: true }
            ? extraArgs.Entries.Select(e => new ExtraArg(e.Key.Value, e.Key, e.Value))
            : [];

    /// <summary>Every component <c>extraArgs</c> mapping in the given Talos documents.</summary>
    public static IEnumerable<ComponentArgs> In(IEnumerable<LocatedDocument> documents)
    {
        foreach (var document in documents)
        {
            if (document.Class == DocumentClass.TalosMachineConfig)
            {
                foreach (var (component, keys) in MainDocumentPlaces)
                {
                    if (document.At(keys) is { IsMapping: true } node)
                    {
                        yield return new ComponentArgs(component, document, node);
                    }
                }
            }
            else if (document.Class == DocumentClass.TalosDocument &&
                ComponentDocuments.TryGetValue(document.Kind, out var component) &&
                document.At("extraArgs") is { IsMapping: true } node)
            {
                yield return new ComponentArgs(component, document, node);
            }
        }
    }
}
