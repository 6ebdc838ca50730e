using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Profile;
using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;

namespace Talguard.Hardening.SecureBoot;

/// <summary>
/// The Secure Boot installer image: Secure Boot is a property of the boot image (there is no <c>machine.secureboot</c>),
/// so the patch only makes installs and upgrades keep a signed UKI. Talos v1.11 to v1.13 read it from
/// <c>machine.install.image</c>; v1.14 from the <c>UnattendedInstallConfig</c> document that its <c>gen config</c> writes.
/// </summary>
internal sealed class SecureBootGenerator : IHardeningGenerator
{
    /// <summary>The release whose install settings moved to the <c>UnattendedInstallConfig</c> document.</summary>
    private static readonly TalosVersion UnattendedInstallSince = new(1, 14);

    public Section Section => Section.SecureBoot;

    public void Generate(HardeningProfile profile, HardeningPlan plan)
    {
        if (!profile.SecureBoot.Enabled)
        {
            plan.Accept(SecureBootInstallImageRule.Definition.Id,
                "Secure Boot is off in the profile (hardware without UEFI Secure Boot, or keys not yet enrolled): the install image "
                + "stays a non-Secure Boot installer, so the boot chain is neither signed nor measured");
            return;
        }

        var image = InstallerImage(profile);
        const string Why = "a signed UKI installer: installs and upgrades keep the Secure Boot chain (boot the matching *-secureboot ISO)";
        var imageValue = new ConfigScalar(Model.Talos.Patching.ScalarKind.String, image) { Comment = Why };
        plan.AddPatch(Section, PatchTargets.All, profile.TalosVersion >= UnattendedInstallSince
            ? ConfigMapping.Of(
                ("apiVersion", ConfigScalar.String("v1alpha1")),
                ("kind", ConfigScalar.String(InstallSettings.UnattendedInstallKinds[0])),
                ("installer", ConfigMapping.Of(("image", imageValue))))
            : ConfigMapping.Of(("machine", ConfigMapping.Of(("install", ConfigMapping.Of(("image", imageValue)))))));

        if (!InstallImage.IsSecureBootInstaller(image, []))
        {
            plan.Accept(SecureBootInstallImageRule.Definition.Id,
                $"the profile's installer image '{image}' is not an Image Factory installer-secureboot image (built by the imager "
                + "with your own keys, presumably): scan with --secureboot-image and that image's prefix to have it recognised");
        }

        plan.AddNote(Section,
            "Secure Boot needs the nodes to boot a Secure Boot image with its keys enrolled in UEFI (Image Factory "
            + "`metal-amd64-secureboot.iso` of the same schematic, or your imager-built ISO); the config alone cannot turn it on. "
            + "Check each node with `talosctl get securitystate -o yaml` (`secureBoot: true`, `bootedWithUKI: true`).");
        plan.AddNote(Section,
            "A node installed with GRUB cannot be upgraded to a Secure Boot UKI: reinstall it from the Secure Boot ISO, one node at a time.",
            existingClusterOnly: true);
    }

    /// <summary>The profile's installer image, else the Image Factory Secure Boot installer of its schematic and release.</summary>
    internal static string InstallerImage(HardeningProfile profile) =>
        profile.SecureBoot.InstallerImage
        ?? $"{InstallImage.FactoryRegistry}/{InstallImage.SecureBootSegment}/{profile.SecureBoot.SchematicId ?? InstallImage.VanillaSchematic}:{profile.TalosRelease}";
}
