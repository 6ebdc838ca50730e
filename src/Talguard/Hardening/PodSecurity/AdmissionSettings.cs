using Talguard.Model;

namespace Talguard.Hardening.PodSecurity;

/// <summary>
/// The PodSecurity admission plugin's configuration: cluster defaults and exemptions. Taken from the first
/// of: a controlplane Talos config's PodSecurity entry (<c>cluster.apiServer.admissionControl</c>, or a
/// v1.14 <c>KubeAdmissionControlConfig</c> document), a standalone PodSecurityConfiguration (or
/// AdmissionConfiguration) document; else upstream's defaults.
/// </summary>
public sealed class AdmissionSettings
{
    private AdmissionSettings(string source, PodSecurityPolicy defaults, YamlNode? configuration)
    {
        Source = source;
        Defaults = defaults;
        Configuration = configuration;
    }

    /// <summary>Upstream's defaults: privileged everywhere, no exemptions.</summary>
    public static AdmissionSettings Upstream { get; } = new("upstream defaults (privileged)", PodSecurityPolicy.Privileged, null);

    /// <summary>Where the settings came from, for notices and docs.</summary>
    public string Source { get; }

    public PodSecurityPolicy Defaults { get; }

    /// <summary>The PodSecurityConfiguration node, when there is one.</summary>
    public YamlNode? Configuration { get; }

    public IReadOnlyList<(string Name, YamlNode Node)> ExemptNamespaces { get; private init; } = [];

    public IReadOnlyList<(string Name, YamlNode Node)> ExemptRuntimeClasses { get; private init; } = [];

    public IReadOnlyList<(string Name, YamlNode Node)> ExemptUsernames { get; private init; } = [];

    /// <summary>Invalid values in the defaults (upstream refuses to start with them; we fall back as labels do).</summary>
    public IReadOnlyList<PolicyValueError> Errors { get; private init; } = [];

    public bool IsExemptNamespace(string name) => name.Length > 0 && ExemptNamespaces.Any(e => e.Name == name);

    public bool IsExemptRuntimeClass(string? name) => !string.IsNullOrEmpty(name) && ExemptRuntimeClasses.Any(e => e.Name == name);

    /// <summary>Finds the settings in the inputs, as the class summary says.</summary>
    public static AdmissionSettings From(ClusterModel model)
    {
        foreach (var controlPlane in model.ControlPlanes)
        {
            if (FindPodSecurityEntry(controlPlane) is var (document, entry))
            {
                return Parse($"{controlPlane.File.DisplayPath} ({(document.Kind == "v1alpha1" ? "cluster.apiServer.admissionControl" : document.Kind)})", entry["configuration"]);
            }
        }

        foreach (var document in model.KubernetesObjects)
        {
            if (document.Kind == "PodSecurityConfiguration")
            {
                return Parse(document.File.DisplayPath, document.Root);
            }

            if (document.Kind == "AdmissionConfiguration" && document.At("plugins") is { IsSequence: true } plugins &&
                plugins.Items.FirstOrDefault(p => p["name"]?.AsString() == "PodSecurity") is { } plugin)
            {
                return Parse(document.File.DisplayPath + " (AdmissionConfiguration)", plugin["configuration"]);
            }
        }

        return Upstream;
    }

    /// <summary>
    /// The PodSecurity entry of a node config (<c>name</c> + <c>configuration</c>) and the document holding it:
    /// the <c>admissionControl</c> item, else a <c>KubeAdmissionControlConfig</c> document named PodSecurity.
    /// </summary>
    public static (LocatedDocument Document, YamlNode Entry)? FindPodSecurityEntry(TalosConfigFile file)
    {
        if (file.MachineConfig?.At("cluster", "apiServer", "admissionControl") is { IsSequence: true } list &&
            list.Items.FirstOrDefault(item => item["name"]?.AsString() == "PodSecurity") is { } item)
        {
            return (file.MachineConfig, item);
        }

        var document = file.OfKind("KubeAdmissionControlConfig").FirstOrDefault(d => d.At("name")?.AsString() == "PodSecurity");
        return document is null ? null : (document, document.Root!);
    }

    /// <summary>Reads a PodSecurityConfiguration mapping (null or not a mapping: privileged defaults).</summary>
    public static AdmissionSettings Parse(string source, YamlNode? configuration)
    {
        if (configuration is not { IsMapping: true })
        {
            return new AdmissionSettings(source, PodSecurityPolicy.Privileged, null);
        }

        var errors = new List<PolicyValueError>();
        var defaults = configuration["defaults"];
        var policy = new PodSecurityPolicy(
            Mode(defaults, "enforce", PodSecurityLevel.Restricted, errors),
            Mode(defaults, "audit", PodSecurityLevel.Privileged, errors),
            Mode(defaults, "warn", PodSecurityLevel.Privileged, errors));
        var exemptions = configuration["exemptions"];
        return new AdmissionSettings(source, policy, configuration)
        {
            ExemptNamespaces = Names(exemptions?["namespaces"]),
            ExemptRuntimeClasses = Names(exemptions?["runtimeClasses"]),
            ExemptUsernames = Names(exemptions?["usernames"]),
            Errors = errors,
        };
    }

    private static LevelVersion Mode(YamlNode? defaults, string mode, PodSecurityLevel invalidFallback, List<PolicyValueError> errors)
    {
        var level = PodSecurityLevel.Privileged;
        if (defaults?[mode] is { IsNull: false } levelNode)
        {
            NamespacePolicy.ParseLevel(levelNode, invalidFallback, errors, out level);
        }

        var version = defaults?[mode + "-version"] is { IsNull: false } versionNode
            ? NamespacePolicy.ParseVersion(versionNode, errors)
            : PolicyVersion.Latest;
        return new LevelVersion(level, version);
    }

    private static List<(string, YamlNode)> Names(YamlNode? list) =>
        list is { IsSequence: true } ? [.. list.Items.Where(i => i.AsString() is { Length: > 0 }).Select(i => (i.AsString()!, i))] : [];
}
