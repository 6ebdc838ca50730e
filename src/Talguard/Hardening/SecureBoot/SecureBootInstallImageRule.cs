using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;

namespace Talguard.Hardening.SecureBoot;

/// <summary>TG-BOOT-001: the node installs an image that cannot boot with UEFI Secure Boot.</summary>
public sealed class SecureBootInstallImageRule : Rule
{
    /// <summary>Without an install image the config cannot say what the node booted: spec/rules.md makes that info.</summary>
    private static readonly SeverityCase NoInstallImage = new(Severity.Info, "when the config names no install image (a pre-installed image)");

    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-BOOT-001", Severity.High, Section.SecureBoot,
        "Install image is not a Secure Boot installer",
        "Secure Boot is a property of the boot image, not of the machine config: only a signed UKI installer "
        + "(Image Factory installer-secureboot, or one built by the imager with your keys) keeps the boot chain measured "
        + "and signed. There is no machine.secureboot field; Talos rejects it as an unknown key.",
        "Set machine.install.image to factory.talos.dev/installer-secureboot/<schematic>:<version> (or the platform variant, "
        + "e.g. metal-installer-secureboot), boot the matching *-secureboot ISO with your keys enrolled, and verify with "
        + "`talosctl get securitystate`. Custom imager-built names: pass --secureboot-image PREFIX.",
        // A patch naming an image is judged; only a complete config can lack one.
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "2.2.1 2.2.6", "CC6.8"),
        versions: new TalosVersionRange(TalosFeatureReleases.SecureBoot),
        otherSeverities: [NoInstallImage]);

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            var install = InstallSettings.Of(file);
            switch (InstallImage.Evaluate(file, context.Options.SecureBootImagePrefixes))
            {
                case InstallImageVerdict.NotSet when file.IsComplete:
                    var (document, nearest) = install.ImageNearest;
                    context.ReportMissing(Definition, document, nearest, YamlPath.Join("machine", "install", "image"),
                        "no machine.install.image (nor a v1.14 UnattendedInstall installer.image): on a pre-installed image Talos "
                        + "ignores machine.install, so Secure Boot depends only on the image the node booted; confirm it with "
                        + "`talosctl get securitystate` (secureBoot: true)",
                        severity: NoInstallImage.Severity);
                    break;
                case InstallImageVerdict.NotSecureBoot:
                    var image = install.Image!;
                    context.Report(Definition, image.Document, image.Node,
                        $"install image '{image.Text}' is not a Secure Boot installer (no 'installer-secureboot' path segment): "
                        + "the node boots an unsigned GRUB/UKI chain, so nothing stops a tampered kernel or initramfs. "
                        + "A '-secureboot' tag suffix or a machine.secureboot setting, as the hardening guide shows, does not exist",
                        PatchFor(image, file.TalosVersion));
                    break;
            }
        }
    }

    /// <summary>A patch switching to the Image Factory Secure Boot installer, keeping the platform, schematic and version.</summary>
    internal static TalosConfigPatch PatchFor(InstallSetting source, TalosVersion target)
    {
        var image = TalosPatch.Quote(SecureBootImageFor(source.Text!, target));
        return source.IsUnattendedInstall
            ? TalosPatch.Set(source.Document, image, "installer", "image")
            : TalosPatch.Set(image, "machine", "install", "image");
    }

    private static string SecureBootImageFor(string currentImage, TalosVersion target)
    {
        var variant = "installer-secureboot";
        var schematic = InstallImage.VanillaSchematic;
        var tag = $"{target}.0";
        if (ImageReference.TryParse(currentImage, out var reference))
        {
            var segments = reference.PathSegments.ToArray();
            if (segments[0].EndsWith("-installer", StringComparison.Ordinal))
            {
                variant = segments[0] + "-secureboot";
            }

            if (reference.Registry == InstallImage.FactoryRegistry && segments.Length > 1 && IsSchematicId(segments[1]))
            {
                schematic = segments[1];
            }

            var version = reference.Tag?.Split('-')[0];
            if (TalosVersion.TryParse(version, out _))
            {
                tag = version!;
            }
        }

        return $"{InstallImage.FactoryRegistry}/{variant}/{schematic}:{tag}";
    }

    private static bool IsSchematicId(string segment) => segment.Length == 64 && segment.All(char.IsAsciiHexDigitLower);
}
