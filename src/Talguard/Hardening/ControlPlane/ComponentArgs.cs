using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;

namespace Talguard.Hardening.ControlPlane;

/// <summary>The extraArgs values the control-plane rules look at, with the patch that replaces one.</summary>
internal static class ComponentArgs
{
    /// <summary>
    /// Every value of the flag <paramref name="name"/> of <paramref name="component"/> in the files the rule judges. A worker
    /// runs only the kubelet (and kube-proxy): Talos ignores its settings for control-plane components, so they are not judged.
    /// </summary>
    public static IEnumerable<(LocatedDocument Document, ExtraArgValue Arg)> Values(ScanContext context, KubeComponent component, string name) =>
        context.Configs.Where(file => file.Role != NodeRole.Worker || component == KubeComponent.Kubelet || component == KubeComponent.Proxy)
            .SelectMany(file => ComponentSettings.Of(file, component).ArgValues(name));

    /// <summary>A patch setting the whole argument (every list element) to the string <paramref name="value"/>.</summary>
    public static TalosConfigPatch? Patch(LocatedDocument document, ExtraArgValue arg, string value) =>
        TalosPatch.Set(document, arg.Entry, TalosPatch.Quote(value));

    /// <summary>All values of the argument <paramref name="arg"/> belongs to (one, or each list element).</summary>
    public static IEnumerable<string> Siblings(ExtraArgValue arg)
    {
        var entry = arg.Entry;
        return entry.IsScalar ? [arg.Value] : entry.Items.Where(i => i.IsScalar).Select(i => i.AsString() ?? string.Empty);
    }
}
