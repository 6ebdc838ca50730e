
namespace Talguard.Model.Talos;

/// <summary>One install setting and the document node it was read from.</summary>
public sealed record InstallSetting(LocatedDocument Document, YamlNode Node)
{
    /// <summary>The scalar value; null for a null, a mapping or a list.</summary>
    public string? Text => Node.AsString();

    /// <summary>Whether the setting comes from an UnattendedInstallConfig document rather than <c>machine.install</c>.</summary>
    public bool IsUnattendedInstall => InstallSettings.UnattendedInstallKinds.Contains(Document.Kind);
}

/// <summary>
/// How a node installs Talos, wherever it is written: <c>machine.install</c> of the main document (a full config
/// or a bare <c>machine:</c> patch) and, from v1.14, the <c>UnattendedInstallConfig</c> document
/// (<c>installer.image</c>, <c>provisioning.diskSelector</c>).
/// </summary>
public sealed class InstallSettings
{
    /// <summary>
    /// The v1.14 document that carries the installer: Talos registers UnattendedInstallConfig, its published schema
    /// says UnattendedInstall; both are read.
    /// </summary>
    public static readonly IReadOnlyList<string> UnattendedInstallKinds = ["UnattendedInstallConfig", "UnattendedInstall"];

    private InstallSettings(TalosConfigFile file)
    {
        File = file;
        var main = file.Main;
        Install = main?.At("machine", "install");
        UnattendedInstalls = [.. file.Documents.Where(d => d.Class == DocumentClass.TalosDocument && UnattendedInstallKinds.Contains(d.Kind))];
        if (main is not null && Install is { IsMapping: true } install)
        {
            Disk = Setting(main, install["disk"]);
            ExtraKernelArgs = Setting(main, install["extraKernelArgs"]);
            Image = NonBlank(main, install["image"]);
        }

        Image ??= UnattendedInstalls.Select(d => NonBlank(d, d.At("installer", "image"))).FirstOrDefault(s => s is not null);
    }

    public TalosConfigFile File { get; }

    /// <summary><c>machine.install</c> of the main document, whatever its shape.</summary>
    public YamlNode? Install { get; }

    /// <summary>The install image: a non-blank <c>machine.install.image</c>, else an UnattendedInstallConfig's <c>installer.image</c>.</summary>
    public InstallSetting? Image { get; }

    /// <summary><c>machine.install.disk</c>.</summary>
    public InstallSetting? Disk { get; }

    /// <summary><c>machine.install.extraKernelArgs</c> (hidden and ignored on UKI installs since v1.12).</summary>
    public InstallSetting? ExtraKernelArgs { get; }

    /// <summary>The UnattendedInstallConfig documents of the file.</summary>
    public IReadOnlyList<LocatedDocument> UnattendedInstalls { get; }

    /// <summary>Where a finding about a missing install image points: the nearest of <c>machine.install</c>, <c>machine</c>, the document.</summary>
    public (LocatedDocument Document, YamlNode? Nearest) ImageNearest =>
        File.Main is { } main ? (main, Install ?? main.At("machine") ?? main.Root)
        : UnattendedInstalls.Count > 0 ? (UnattendedInstalls[0], UnattendedInstalls[0].At("installer") ?? UnattendedInstalls[0].Root)
        : (File.FirstDocument, null);

    /// <summary>The settings of a file, read once however many rules ask.</summary>
    public static InstallSettings Of(TalosConfigFile file) => file.View(static f => new InstallSettings(f));

    private static InstallSetting? Setting(LocatedDocument document, YamlNode? node) => node is null || node.IsNull ? null : new InstallSetting(document, node);

    private static InstallSetting? NonBlank(LocatedDocument document, YamlNode? node) =>
        node is not null && !string.IsNullOrWhiteSpace(node.AsString()) ? new InstallSetting(document, node) : null;
}
