using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.ControlPlane;

/// <summary>TG-K8S-009: SELinux is on but permissive unless the kernel gets <c>enforcing=1</c>.</summary>
public sealed class SelinuxEnforcingRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-K8S-009", Severity.Info, Section.ControlPlane,
        "SELinux enforcing mode not confirmed",
        "Talos enables SELinux from v1.10 in permissive mode: policy violations are logged, not blocked. Enforcing mode needs the enforcing=1 kernel argument, which for UEFI (systemd-boot) and UKI installs comes from the Image Factory schematic, not from the machine config.",
        "UEFI/UKI installs: add enforcing=1 to the Image Factory schematic's customization.extraKernelArgs and install that image. GRUB (BIOS) installs: add enforcing=1 to machine.install.extraKernelArgs. Check with talosctl get securitystate (selinuxState).");

    private static readonly TalosVersion SelinuxRelease = new(1, 10);

    /// <summary>From v1.12 machine.install.extraKernelArgs is deprecated, so the patch is only offered before.</summary>
    private static readonly TalosVersion KernelArgsDeprecated = new(1, 12);

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Model.NodeConfigs)
        {
            var document = file.MachineConfig!;
            var args = document.At("machine", "install", "extraKernelArgs");
            if (file.TalosVersion < SelinuxRelease || (args?.Items ?? []).Any(a => (a.AsString() ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("enforcing=1")))
            {
                continue;
            }

            var uki = IsUkiInstall(document);
            var message = uki
                ? "SELinux stays permissive: this install boots a UKI, which ignores machine.install.extraKernelArgs; add enforcing=1 to the Image Factory schematic (customization.extraKernelArgs) and install that image"
                : "SELinux stays permissive without enforcing=1: put it in the Image Factory schematic (customization.extraKernelArgs) for UEFI systemd-boot/UKI installs, or in machine.install.extraKernelArgs only for GRUB (BIOS) installs";
            var patch = uki || file.TalosVersion >= KernelArgsDeprecated ? null : TalosPatch.Set(["enforcing=1"], "machine", "install", "extraKernelArgs");
            if (args is null)
            {
                context.ReportMissingPath(Definition, document, message, patch, "machine", "install", "extraKernelArgs");
            }
            else
            {
                context.Report(Definition, document, args, message, patch);
            }
        }
    }

    /// <summary>A Secure Boot installer, or GRUB told to use the UKI command line: extraKernelArgs is ignored.</summary>
    private static bool IsUkiInstall(LocatedDocument document)
    {
        if (document.At("machine", "install", "grubUseUKICmdline")?.AsBool() == true)
        {
            return true;
        }

        return ImageReference.TryParse(document.At("machine", "install", "image")?.AsString(), out var image) &&
            image.PathSegments.Any(s => s == "installer-secureboot" || s.EndsWith("-installer-secureboot", StringComparison.Ordinal));
    }
}
