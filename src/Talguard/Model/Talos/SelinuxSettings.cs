namespace Talguard.Model.Talos;

/// <summary>
/// What decides whether SELinux enforces: the kernel arguments of a GRUB install (<c>machine.install.extraKernelArgs</c>),
/// and what makes the install ignore them (a Secure Boot installer image, <c>grubUseUKICmdline</c>).
/// </summary>
public sealed class SelinuxSettings
{
    public const string EnforcingArgument = "enforcing=1";

    private static readonly string[] KernelArgsPath = ["machine", "install", "extraKernelArgs"];

    private SelinuxSettings(TalosConfigFile file)
    {
        KernelArgs = [.. SettingValue.InMain(file, KernelArgsPath)];
        GrubUseUkiCmdline = [.. SettingValue.InMain(file, "machine", "install", "grubUseUKICmdline")];
        InstallerImages =
        [
            .. SettingValue.InMain(file, "machine", "install", "image"),
            .. SettingValue.InKind(file, "UnattendedInstallConfig", "installer", "image"),
        ];
    }

    /// <summary>The <c>machine.install.extraKernelArgs</c> lists.</summary>
    public IReadOnlyList<SettingValue> KernelArgs { get; }

    public IReadOnlyList<SettingValue> GrubUseUkiCmdline { get; }

    /// <summary>The installer images: <c>machine.install.image</c> and a v1.14 <c>UnattendedInstallConfig</c>'s <c>installer.image</c>.</summary>
    public IReadOnlyList<SettingValue> InstallerImages { get; }

    /// <summary>True when a kernel argument list carries <c>enforcing=1</c> (an item may hold several space-separated arguments).</summary>
    public bool KernelArgsEnforce => KernelArgs.Any(list => list.Node.Items.Any(a =>
        (a.AsString() ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(EnforcingArgument, StringComparer.Ordinal)));

    /// <summary>A Secure Boot installer, or GRUB told to use the UKI command line: <c>extraKernelArgs</c> is ignored.</summary>
    public bool BootsUki =>
        GrubUseUkiCmdline.Any(v => v.Node.AsBool() == true) ||
        InstallerImages.Any(v => ImageReference.TryParse(v.Node.AsString(), out var image) &&
            image.PathSegments.Any(s => s == "installer-secureboot" || s.EndsWith("-installer-secureboot", StringComparison.Ordinal)));

    /// <summary>Whether Talos at <paramref name="version"/> still documents <c>machine.install.extraKernelArgs</c> (deprecated later).</summary>
    public static bool KernelArgsDocumentedIn(TalosVersion version) => KernelArgsField()?.IsPublishedIn(version) == true;

    public static SelinuxSettings Of(TalosConfigFile file) => file.View(static f => new SelinuxSettings(f));

    /// <summary>The model's entry for <c>machine.install.extraKernelArgs</c>, which holds its release range.</summary>
    private static TalosField? KernelArgsField()
    {
        TalosField? field = null;
        var shape = TalosModel.MainDocument.Shape;
        foreach (var key in KernelArgsPath)
        {
            field = shape?.Find(key);
            shape = field?.Shape as ObjectShape;
        }

        return field;
    }
}
