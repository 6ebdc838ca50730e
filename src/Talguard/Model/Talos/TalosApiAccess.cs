namespace Talguard.Model.Talos;

/// <summary>A boolean <c>machine.features</c> switch as the config sets it.</summary>
/// <param name="Name">The field name (<c>rbac</c>).</param>
/// <param name="Node">The value's node.</param>
public sealed record FeatureSwitch(string Name, LocatedDocument Document, YamlNode Node)
{
    public bool? Value => Node.AsBool();
}

/// <summary>
/// Talos API access granted to pods (a <c>talos.dev/v1alpha1 ServiceAccount</c> yields a talosconfig): the v1alpha1
/// <c>machine.features.kubernetesTalosAPIAccess</c> or the v1.14 <c>KubeTalosAPIAccessConfig</c> document.
/// </summary>
/// <param name="Where">How messages name it: <c>machine.features.kubernetesTalosAPIAccess</c> or <c>KubeTalosAPIAccessConfig</c>.</param>
/// <param name="Node">The settings mapping (the document root for <c>KubeTalosAPIAccessConfig</c>).</param>
/// <param name="IsEnabled">
/// Whether pods get access: <c>enabled: true</c> in a node config; in a patch, unless it sets <c>enabled: false</c> (the base
/// it merges into may enable it); always for the v1.14 document, whose presence is what enables it.
/// </param>
public sealed record KubernetesTalosApiAccess(string Where, LocatedDocument Document, YamlNode Node, bool IsEnabled)
{
    /// <summary>The <c>allowedRoles</c> items (<c>os:reader</c>, ...).</summary>
    public IReadOnlyList<YamlNode> AllowedRoles => [.. Node["allowedRoles"]?.Items ?? []];

    /// <summary>The <c>allowedKubernetesNamespaces</c> items.</summary>
    public IReadOnlyList<YamlNode> AllowedKubernetesNamespaces => [.. Node["allowedKubernetesNamespaces"]?.Items ?? []];

    /// <summary>True for the v1alpha1 field, which a JSON patch can address; false for the v1.14 document.</summary>
    public bool InMainDocument => Document.Class == DocumentClass.TalosMachineConfig;
}

/// <summary>
/// Who may use the Talos API of one Talos file: apid's role checks (<c>machine.features.rbac</c>), its client-certificate
/// extended key usage check (<c>machine.features.apidCheckExtKeyUsage</c>) and API access for pods. Read from the main
/// document whatever it is (full config or bare patch) and the v1.14 <c>KubeTalosAPIAccessConfig</c> document.
/// </summary>
public sealed class TalosApiAccess
{
    private const string PodAccessKind = "KubeTalosAPIAccessConfig";

    private TalosApiAccess(TalosConfigFile file)
    {
        var features = file.Main?.At("machine", "features");
        Rbac = Switch(file.Main, features, "rbac");
        ApidCheckExtKeyUsage = Switch(file.Main, features, "apidCheckExtKeyUsage");
        var podAccess = new List<KubernetesTalosApiAccess>();
        if (file.Main is { } main && features?["kubernetesTalosAPIAccess"] is { IsMapping: true } access)
        {
            var enabled = access["enabled"]?.AsBool();
            podAccess.Add(new KubernetesTalosApiAccess("machine.features.kubernetesTalosAPIAccess", main, access, file.IsComplete ? enabled == true : enabled != false));
        }

        podAccess.AddRange(file.OfKind(PodAccessKind).Where(d => d.Root is { IsMapping: true }).Select(d => new KubernetesTalosApiAccess(PodAccessKind, d, d.Root!, IsEnabled: true)));
        PodAccess = podAccess;
    }

    /// <summary><c>machine.features.rbac</c> when set: off makes every client certificate os:admin (honoured before v1.12).</summary>
    public FeatureSwitch? Rbac { get; }

    /// <summary><c>machine.features.apidCheckExtKeyUsage</c> when set (honoured before v1.12).</summary>
    public FeatureSwitch? ApidCheckExtKeyUsage { get; }

    /// <summary>Talos API access for pods, in file order.</summary>
    public IReadOnlyList<KubernetesTalosApiAccess> PodAccess { get; }

    public static TalosApiAccess Of(TalosConfigFile file) => file.View(static f => new TalosApiAccess(f));

    private static FeatureSwitch? Switch(LocatedDocument? main, YamlNode? features, string name) =>
        main is not null && features?[name] is { IsScalar: true } node ? new FeatureSwitch(name, main, node) : null;
}
