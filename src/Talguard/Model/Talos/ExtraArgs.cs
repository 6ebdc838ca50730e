namespace Talguard.Model.Talos;

/// <summary>A Kubernetes component Talos runs, and where its <c>extraArgs</c> live.</summary>
public sealed record KubeComponent(string Name, string[] MachineConfigPath, string DocumentKind)
{
    public static readonly KubeComponent ApiServer = new("apiServer", ["cluster", "apiServer", "extraArgs"], "KubeAPIServerConfig");
    public static readonly KubeComponent ControllerManager = new("controllerManager", ["cluster", "controllerManager", "extraArgs"], "KubeControllerManagerConfig");
    public static readonly KubeComponent Scheduler = new("scheduler", ["cluster", "scheduler", "extraArgs"], "KubeSchedulerConfig");
    public static readonly KubeComponent Kubelet = new("kubelet", ["machine", "kubelet", "extraArgs"], "KubeletConfig");
    public static readonly KubeComponent Etcd = new("etcd", ["cluster", "etcd", "extraArgs"], string.Empty);
    public static readonly KubeComponent Proxy = new("proxy", ["cluster", "proxy", "extraArgs"], "KubeProxyConfig");
}

/// <summary>One value of an <c>extraArgs</c> entry: the string, or one element of a list (Talos v1.13+).</summary>
/// <param name="Name">The argument name, without dashes.</param>
/// <param name="Node">The scalar node holding the value: its path is <c>...extraArgs.&lt;arg&gt;</c> or <c>...extraArgs.&lt;arg&gt;[i]</c>.</param>
/// <param name="Value">The value as Talos passes it on the command line.</param>
public readonly record struct ExtraArgValue(string Name, YamlNode Node, string Value);

/// <summary>Reads <c>extraArgs</c> mappings whose values are strings or lists of strings.</summary>
public static class ExtraArgs
{
    /// <summary>Every value of every argument of an <c>extraArgs</c> mapping (none when it is absent or not a mapping).</summary>
    public static IEnumerable<ExtraArgValue> Values(YamlNode? extraArgs)
    {
        if (extraArgs is not { IsMapping: true })
        {
            yield break;
        }

        foreach (var (key, value) in extraArgs.Entries)
        {
            foreach (var element in Elements(key.Value, value))
            {
                yield return element;
            }
        }
    }

    /// <summary>Every value of one argument.</summary>
    public static IEnumerable<ExtraArgValue> Values(YamlNode? extraArgs, string name) =>
        Values(extraArgs).Where(v => string.Equals(v.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// The <c>extraArgs</c> mappings of <paramref name="component"/> in a file: the main document's, and the
    /// <c>extraArgs</c> of the component's own v1.14 document (<c>KubeAPIServerConfig</c>, ...) when present.
    /// </summary>
    public static IEnumerable<(LocatedDocument Document, YamlNode ExtraArgs)> Sources(TalosConfigFile file, KubeComponent component)
    {
        if (file.MachineConfig?.At(component.MachineConfigPath) is { IsMapping: true } main)
        {
            yield return (file.MachineConfig, main);
        }

        if (component.DocumentKind.Length == 0)
        {
            yield break;
        }

        foreach (var document in file.OfKind(component.DocumentKind))
        {
            if (document.At("extraArgs") is { IsMapping: true } own)
            {
                yield return (document, own);
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

    private static IEnumerable<ExtraArgValue> Elements(string name, YamlNode value)
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
