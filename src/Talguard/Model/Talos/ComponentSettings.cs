namespace Talguard.Model.Talos;

/// <summary>
/// The settings of a Kubernetes component Talos runs, from every place Talos takes them: the v1alpha1 section
/// (<c>cluster.apiServer</c>, <c>machine.kubelet</c>, ...) of a full config or a bare patch, and the component's
/// v1.14 split document (<c>KubeAPIServerConfig</c>, <c>KubeletConfig</c>, ...). Values keep their positions.
/// </summary>
public class ComponentSettings
{
    private protected ComponentSettings(TalosConfigFile file, KubeComponent component)
    {
        File = file;
        Component = component;
        ExtraArgs = [.. Talos.ExtraArgs.Sources(file, component)];
        Images = [.. Read("image")];
    }

    public TalosConfigFile File { get; }

    public KubeComponent Component { get; }

    /// <summary>The component's <c>extraArgs</c> mappings, main document first, in file order.</summary>
    public IReadOnlyList<ComponentExtraArgs> ExtraArgs { get; }

    /// <summary>The component image overrides (<c>image</c>).</summary>
    public IReadOnlyList<SettingValue> Images { get; }

    /// <summary>Settings of any component, for rules that judge several the same way.</summary>
    public static ComponentSettings Of(TalosConfigFile file, KubeComponent component) =>
        file.View(f => new ComponentSettings(f, component), component);

    /// <summary>Every value given for the flag <paramref name="name"/>, with its document, in file order.</summary>
    public IEnumerable<(LocatedDocument Document, ExtraArgValue Arg)> ArgValues(string name)
    {
        foreach (var source in ExtraArgs)
        {
            foreach (var arg in source.ValuesOf(name))
            {
                yield return (source.Document, arg);
            }
        }
    }

    /// <summary>
    /// A field of the component: <paramref name="mainField"/> under the v1alpha1 section, and <paramref name="documentField"/>
    /// (the same name unless given) in the split document.
    /// </summary>
    private protected IEnumerable<SettingValue> Read(string mainField, string? documentField = null)
    {
        string[] section = [.. Component.MachineConfigPath[..^1], mainField];
        var main = SettingValue.InMain(File, section);
        return Component.DocumentKind.Length == 0 ? main : main.Concat(SettingValue.InKind(File, Component.DocumentKind, documentField ?? mainField));
    }
}
