using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.PodSecurity;

/// <summary>
/// The PodSecurity admission plugin's configuration: cluster defaults and exemptions. Taken from the first
/// of: a controlplane Talos config's PodSecurity entry (<c>cluster.apiServer.admissionControl</c>, or a
/// v1.14 <c>KubeAdmissionControlConfig</c> document; see <see cref="AdmissionControlSettings"/>), the same in a
/// Talos patch, a standalone PodSecurityConfiguration (or
/// AdmissionConfiguration) document; else, when a controlplane config is in the inputs, upstream's defaults (Talos
/// passes no PodSecurity configuration, so the API server's own apply); else, with nothing in the inputs that says,
/// the assumed defaults <see cref="PodSecurityDefaults"/> chooses.
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

    /// <summary>What <c>talosctl gen config</c> writes: enforce baseline, audit and warn restricted, kube-system exempt.</summary>
    public static AdmissionSettings TalosGenerated { get; } =
        Parse("Talos's generated defaults (baseline)", InputLoader.Parse("talos-generated-defaults", null, AdmissionControlSettings.GeneratedPodSecurityConfiguration).Documents[0].Root);

    /// <summary>
    /// True when no admission configuration was in the inputs and these settings are an assumption
    /// (<see cref="PodSecurityDefaults"/>); a run says so.
    /// </summary>
    public bool IsAssumed { get; private init; }

    /// <summary>Where the settings came from, for notices and docs.</summary>
    public string Source { get; }

    public PodSecurityPolicy Defaults { get; }

    /// <summary>The PodSecurityConfiguration node, when there is one.</summary>
    public YamlNode? Configuration { get; }

    /// <summary>The <c>defaults.enforce</c> value as written (null when unset), where a finding about it points.</summary>
    public YamlNode? EnforceNode => Configuration?["defaults"]?["enforce"] is { IsNull: false } node ? node : null;

    /// <summary>The deepest of <c>defaults</c> and the configuration that exists, where a missing enforce level belongs.</summary>
    public YamlNode? DefaultsNode => Configuration?["defaults"] ?? Configuration;

    public IReadOnlyList<(string Name, YamlNode Node)> ExemptNamespaces { get; private init; } = [];

    public IReadOnlyList<(string Name, YamlNode Node)> ExemptRuntimeClasses { get; private init; } = [];

    public IReadOnlyList<(string Name, YamlNode Node)> ExemptUsernames { get; private init; } = [];

    /// <summary>Invalid values in the defaults (upstream refuses to start with them; we fall back as labels do).</summary>
    public IReadOnlyList<PolicyValueError> Errors { get; private init; } = [];

    public bool IsExemptNamespace(string name) => name.Length > 0 && ExemptNamespaces.Any(e => e.Name == name);

    public bool IsExemptRuntimeClass(string? name) => !string.IsNullOrEmpty(name) && ExemptRuntimeClasses.Any(e => e.Name == name);

    /// <summary>Finds the settings in the inputs, as the class summary says; <paramref name="assumed"/> when nothing says.</summary>
    public static AdmissionSettings From(ClusterModel model, PodSecurityDefaults assumed = PodSecurityDefaults.Talos)
    {
        foreach (var file in model.ControlPlanes.Concat(model.TalosFiles.Where(f => f.Role == NodeRole.Patch)))
        {
            if (AdmissionControlSettings.Of(file).PodSecurity is { } plugin)
            {
                return Parse($"{file.File.DisplayPath} ({plugin.Source})", plugin.Configuration);
            }
        }

        foreach (var document in model.KubernetesObjects)
        {
            if (document.Kind == "PodSecurityConfiguration")
            {
                return Parse(document.File.DisplayPath, document.Root);
            }

            if (document.Kind == "AdmissionConfiguration" && document.At("plugins") is { IsSequence: true } plugins &&
                plugins.Items.FirstOrDefault(p => p["name"]?.AsString() == AdmissionControlSettings.PodSecurityPlugin) is { } plugin)
            {
                return Parse(document.File.DisplayPath + " (AdmissionConfiguration)", plugin["configuration"]);
            }
        }

        if (model.ControlPlanes.Any())
        {
            return Upstream;
        }

        var defaults = assumed == PodSecurityDefaults.Upstream ? Upstream : TalosGenerated;
        return new AdmissionSettings(defaults.Source, defaults.Defaults, defaults.Configuration)
        {
            ExemptNamespaces = defaults.ExemptNamespaces,
            ExemptRuntimeClasses = defaults.ExemptRuntimeClasses,
            ExemptUsernames = defaults.ExemptUsernames,
            IsAssumed = true,
        };
    }

    /// <summary>The notice of a run that had to assume the defaults, naming them and the option that chooses.</summary>
    public string AssumedNotice => Defaults.Enforce.Level == PodSecurityLevel.Privileged
        ? "no Pod Security admission configuration in the inputs: assumed upstream's defaults (privileged everywhere); --pss-defaults talos assumes what talosctl gen config writes (enforce baseline)"
        : "no Pod Security admission configuration in the inputs: assumed what talosctl gen config writes (enforce baseline, audit and warn restricted, kube-system exempt); --pss-defaults upstream assumes privileged";


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

/// <summary>
/// <c>--pss-defaults</c>: the Pod Security admission defaults a run assumes when its inputs hold no admission
/// configuration (manifests alone).
/// </summary>
public enum PodSecurityDefaults
{
    /// <summary>What <c>talosctl gen config</c> writes into every controlplane config: enforce baseline.</summary>
    Talos,

    /// <summary>The API server's own defaults without a configuration: privileged.</summary>
    Upstream,
}
