using Talguard.Model.Talos.Patching;

namespace Talguard.Model.Talos;

/// <summary>
/// One admission plugin's configuration where the file writes it: an item of the v1alpha1
/// <c>cluster.apiServer.admissionControl</c> list, or a v1.14 <c>KubeAdmissionControlConfig</c> document.
/// </summary>
/// <param name="Document">The document holding the entry.</param>
/// <param name="Entry">The list item (<c>name</c> + <c>configuration</c>), or the split document's root.</param>
/// <param name="Name">The plugin name (<c>PodSecurity</c>, <c>EventRateLimit</c>, ...).</param>
public sealed record AdmissionPlugin(LocatedDocument Document, YamlNode Entry, string Name)
{
    /// <summary>The plugin's configuration as written (for PodSecurity a <c>PodSecurityConfiguration</c>); null when absent.</summary>
    public YamlNode? Configuration => Entry["configuration"];

    /// <summary>Where the entry sits, for notices: the v1alpha1 field or the document kind.</summary>
    public string Source => Document.Class == DocumentClass.TalosDocument ? Document.Kind : AdmissionControlSettings.MainPathText;

    /// <summary>
    /// A strategic-merge patch merging <paramref name="configurationYaml"/> (YAML lines of a mapping) into this entry's
    /// <c>configuration</c>: the split document selected by kind and name, or the <c>admissionControl</c> item, which
    /// Talos merges by name.
    /// </summary>
    public TalosConfigPatch ConfigurationPatch(string configurationYaml)
    {
        var configuration = TalosPatch.Value(configurationYaml);
        if (Document.Class == DocumentClass.TalosDocument)
        {
            return TalosPatch.Set(Document, configuration, "configuration");
        }

        var item = ConfigMapping.Of(("name", ConfigScalar.String(Name)), ("configuration", configuration));
        return TalosPatch.Set(new ConfigSequence([item]), "cluster", "apiServer", "admissionControl");
    }
}

/// <summary>
/// The API server's admission plugin configurations in one Talos file: the main document's
/// <c>cluster.apiServer.admissionControl</c> items (full config or bare strategic-merge patch), then the
/// <c>KubeAdmissionControlConfig</c> documents. Entries a patch deletes (<c>$patch: delete</c>) configure nothing
/// and are left out.
/// </summary>
public sealed class AdmissionControlSettings
{
    public const string PodSecurityPlugin = "PodSecurity";

    public const string DocumentKind = "KubeAdmissionControlConfig";

    /// <summary>
    /// The PodSecurity configuration <c>talosctl gen config</c> writes into every controlplane config (since Talos v1.1):
    /// what a manifest-only scan assumes by default, and what TG-PSS-001's fix restores.
    /// </summary>
    internal const string GeneratedPodSecurityConfiguration = """
        apiVersion: pod-security.admission.config.k8s.io/v1alpha1
        kind: PodSecurityConfiguration
        defaults:
          enforce: baseline
          enforce-version: latest
          audit: restricted
          audit-version: latest
          warn: restricted
          warn-version: latest
        exemptions:
          usernames: []
          runtimeClasses: []
          namespaces: [kube-system]
        """;

    internal const string MainPathText = "cluster.apiServer.admissionControl";

    private static readonly string[] MainPathKeys = ["cluster", "apiServer", "admissionControl"];

    private AdmissionControlSettings(IReadOnlyList<AdmissionPlugin> plugins, IReadOnlyList<SettingValue> podSecurityDeletions)
    {
        Plugins = plugins;
        PodSecurityDeletions = podSecurityDeletions;
    }

    /// <summary>The keys of <c>cluster.apiServer.admissionControl</c> in the main document, where a missing entry belongs.</summary>
    public static ReadOnlySpan<string> MainPath => MainPathKeys;

    /// <summary>Every plugin entry, main document first, then split documents in file order.</summary>
    public IReadOnlyList<AdmissionPlugin> Plugins { get; }

    /// <summary>
    /// The <c>$patch: delete</c> directives (their <c>delete</c> value nodes) that remove the PodSecurity entry when the
    /// file is applied as a patch: on its <c>admissionControl</c> item, on the whole list, on <c>cluster.apiServer</c> or
    /// <c>cluster</c> holding it, or on a <c>KubeAdmissionControlConfig</c> document named PodSecurity.
    /// </summary>
    public IReadOnlyList<SettingValue> PodSecurityDeletions { get; }

    /// <summary>The PodSecurity entry the API server uses: the first one.</summary>
    public AdmissionPlugin? PodSecurity => Plugins.FirstOrDefault(p => p.Name == PodSecurityPlugin);

    public static AdmissionControlSettings Of(TalosConfigFile file) => file.View(Read);

    private static AdmissionControlSettings Read(TalosConfigFile file)
    {
        var plugins = new List<AdmissionPlugin>();
        if (file.Main is { } main && main.At(MainPathKeys) is { IsSequence: true } list)
        {
            plugins.AddRange(list.Items.Where(i => i.IsMapping && !IsDeletion(i)).Select(i => new AdmissionPlugin(main, i, i["name"]?.AsString() ?? string.Empty)));
        }

        foreach (var document in file.OfKind(DocumentKind))
        {
            if (document.Root is { IsMapping: true } root && !IsDeletion(root))
            {
                plugins.Add(new AdmissionPlugin(document, root, root["name"]?.AsString() ?? string.Empty));
            }
        }

        return new AdmissionControlSettings(plugins, [.. PodSecurityDeletionsIn(file)]);
    }

    private static IEnumerable<SettingValue> PodSecurityDeletionsIn(TalosConfigFile file)
    {
        if (file.Main is { } main)
        {
            var node = main.Root;
            foreach (var key in MainPathKeys)
            {
                node = node?[key];
                if (node is { IsMapping: true } && DeleteDirective(node) is { } directive)
                {
                    yield return new SettingValue(main, directive);
                    yield break;
                }
            }

            foreach (var item in node is { IsSequence: true } list ? list.Items : [])
            {
                if (item["name"]?.AsString() == PodSecurityPlugin && DeleteDirective(item) is { } directive)
                {
                    yield return new SettingValue(main, directive);
                }
            }
        }

        foreach (var document in file.OfKind(DocumentKind))
        {
            if (document.Root is { IsMapping: true } root && root["name"]?.AsString() == PodSecurityPlugin && DeleteDirective(root) is { } directive)
            {
                yield return new SettingValue(document, directive);
            }
        }
    }

    private static bool IsDeletion(YamlNode entry) => DeleteDirective(entry) is not null;

    /// <summary>The value node of a <c>$patch: delete</c> entry of <paramref name="mapping"/>, if it has one.</summary>
    private static YamlNode? DeleteDirective(YamlNode mapping) => mapping["$patch"] is { } value && value.AsString() == "delete" ? value : null;
}
