namespace Talguard.Model.Talos;

/// <summary>The kubelet: <c>machine.kubelet</c> and the v1.14 <c>KubeletConfig</c>.</summary>
public sealed class KubeletSettings : ComponentSettings
{
    private KubeletSettings(TalosConfigFile file)
        : base(file, KubeComponent.Kubelet)
    {
        Configs = [.. Read("extraConfig", "config").Where(c => c.Node.IsMapping)];
        SeccompDefault = [.. Read("defaultRuntimeSeccompProfileEnabled")];
    }

    /// <summary>The KubeletConfiguration overrides: <c>machine.kubelet.extraConfig</c> and a <c>KubeletConfig</c>'s <c>config</c> (mappings only).</summary>
    public IReadOnlyList<SettingValue> Configs { get; }

    /// <summary>The <c>defaultRuntimeSeccompProfileEnabled</c> settings, main document first.</summary>
    public IReadOnlyList<SettingValue> SeccompDefault { get; }

    public static KubeletSettings Of(TalosConfigFile file) => file.View(static f => new KubeletSettings(f));

    /// <summary>A KubeletConfiguration field (<c>readOnlyPort</c>, <c>authentication.anonymous.enabled</c>, ...) in each override that sets it.</summary>
    public IEnumerable<SettingValue> ConfigField(params string[] path)
    {
        foreach (var (document, config) in Configs)
        {
            if (config.At(path) is { } node)
            {
                yield return new SettingValue(document, node);
            }
        }
    }
}
