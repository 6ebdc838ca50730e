namespace Talguard.Model.Talos;

/// <summary>One kernel parameter override: <paramref name="Name"/> in dotted form, its key and value nodes and their document.</summary>
public sealed record SysctlSetting(string Name, LocatedDocument Document, YamlNode Key, YamlNode Value);

/// <summary>Kernel parameter overrides: <c>machine.sysctls</c> (full config or patch) and the v1.14 <c>SysctlConfig</c> <c>params</c>.</summary>
public sealed class SysctlSettings
{
    public const string DocumentKind = "SysctlConfig";

    private SysctlSettings(TalosConfigFile file)
    {
        Entries =
        [
            .. SettingValue.InMain(file, "machine", "sysctls").Concat(SettingValue.InKind(file, DocumentKind, "params"))
                .Where(map => map.Node.IsMapping)
                .SelectMany(map => map.Node.Entries.Select(e => new SysctlSetting(Normalize(e.Key.Value), map.Document, e.Key, e.Value))),
        ];
        var setByDocument = Entries.Where(IsFromDocument).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        Effective = setByDocument.Count == 0 ? Entries : [.. Entries.Where(e => IsFromDocument(e) || !setByDocument.Contains(e.Name))];
    }

    /// <summary>Every override in file order (a name given twice appears twice).</summary>
    public IReadOnlyList<SysctlSetting> Entries { get; }

    /// <summary>
    /// The overrides the node applies: a <c>machine.sysctls</c> entry whose name a <c>SysctlConfig</c> of the same file also sets
    /// is left out, as Talos merges the two with the document taking precedence.
    /// </summary>
    public IReadOnlyList<SysctlSetting> Effective { get; }

    public static SysctlSettings Of(TalosConfigFile file) => file.View(static f => new SysctlSettings(f));

    private static bool IsFromDocument(SysctlSetting setting) => setting.Document.Kind == DocumentKind;

    /// <summary>Talos accepts both <c>kernel.kptr_restrict</c> and <c>kernel/kptr_restrict</c>.</summary>
    public static string Normalize(string name) => name.Replace('/', '.');
}
