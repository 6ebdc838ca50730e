using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Compliance;

/// <summary>
/// A setting a control looks at in each machine config of its scope, written in the catalog as
/// <c>component:name[=default][!bad,...|!*][+]</c>: <c>apiServer:profiling=false!true</c> reads the API server's
/// <c>profiling</c> flag, shows Talos's default when it is not set, and fails the control when it is <c>true</c>;
/// <c>!*</c> fails it when the flag is set at all; <c>+</c> means the control is met only where the flag is set.
/// <c>kubeletConfig:</c> reads a KubeletConfiguration field (dotted path) of <c>machine.kubelet.extraConfig</c>.
/// </summary>
internal sealed record ConfigProbe(string Component, string Name, string? Default, IReadOnlyList<string> Bad, bool AnyValueIsBad, bool Required)
{
    public const string KubeletConfig = "kubeletConfig";

    /// <summary>Whether the setting belongs to the control plane (read in control-plane configs only) rather than every node.</summary>
    public bool ControlPlaneOnly => Component is not ("kubelet" or KubeletConfig or "proxy");

    public static ConfigProbe Parse(string text, string where)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new InvalidDataException($"{where}: probe {text} has no component");
        }

        var component = text[..colon];
        if (component != KubeletConfig && KubeComponent.All.All(c => c.Name != component))
        {
            throw new InvalidDataException($"{where}: probe {text} names an unknown component");
        }

        var rest = text[(colon + 1)..];
        var required = rest.EndsWith('+');
        rest = rest.TrimEnd('+');
        string[] bad = [];
        var anyValueIsBad = false;
        if (rest.IndexOf('!', StringComparison.Ordinal) is var bang and >= 0)
        {
            var list = rest[(bang + 1)..];
            anyValueIsBad = list == "*";
            bad = anyValueIsBad ? [] : list.Split(',');
            rest = rest[..bang];
        }

        string? defaultValue = null;
        if (rest.IndexOf('=', StringComparison.Ordinal) is var equals and >= 0)
        {
            defaultValue = rest[(equals + 1)..];
            rest = rest[..equals];
        }

        return new ConfigProbe(component, rest, defaultValue, bad, anyValueIsBad, required);
    }

    /// <summary>The YAML path a reader of the v1alpha1 config looks for (<c>cluster.apiServer.extraArgs.profiling</c>).</summary>
    public string DisplayPath => Component == KubeletConfig
        ? "machine.kubelet.extraConfig." + Name
        : string.Join('.', KubeComponent.All.First(c => c.Name == Component).MachineConfigPath) + "." + Name;

    /// <summary>What <paramref name="file"/> sets for the probe: each value with its node, in file order.</summary>
    public IReadOnlyList<(string Value, YamlNode Node)> Read(TalosConfigFile file)
    {
        if (Component == KubeletConfig)
        {
            return [.. KubeletSettings.Of(file).ConfigField(Name.Split('.')).Select(v => (v.Text, v.Node))];
        }

        var component = KubeComponent.All.First(c => c.Name == Component);
        return [.. ComponentSettings.Of(file, component).ArgValues(Name).Select(v => (v.Arg.Value, v.Arg.Node))];
    }

    /// <summary>Whether <paramref name="value"/> weakens the control: one of the bad values, as a whole or as a list element.</summary>
    public bool IsBad(string value) =>
        AnyValueIsBad || ExtraArgs.SplitList(value).Append(value).Any(v => Bad.Contains(v.Trim(), StringComparer.OrdinalIgnoreCase));
}
