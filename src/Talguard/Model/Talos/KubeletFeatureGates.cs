namespace Talguard.Model.Talos;

/// <summary>A kubelet feature gate set in its configuration (not in <c>extraArgs</c>), with the document it came from.</summary>
public sealed record KubeletFeatureGate(LocatedDocument Document, YamlNode Node);

/// <summary>
/// The kubelet configuration's <c>featureGates</c>: <c>machine.kubelet.extraConfig.featureGates</c> of the main document
/// (full config or bare patch) and <c>config.featureGates</c> of a v1.14 <c>KubeletConfig</c> document.
/// </summary>
public static class KubeletFeatureGates
{
    /// <summary>Every place the file sets the gate <paramref name="name"/>.</summary>
    public static IEnumerable<KubeletFeatureGate> Find(TalosConfigFile file, string name)
    {
        foreach (var document in file.Documents)
        {
            var gate = document.Class == DocumentClass.TalosMachineConfig
                ? document.At("machine", "kubelet", "extraConfig", "featureGates", name)
                : document.Kind == "KubeletConfig" ? document.At("config", "featureGates", name) : null;
            if (gate is not null)
            {
                yield return new KubeletFeatureGate(document, gate);
            }
        }
    }
}
