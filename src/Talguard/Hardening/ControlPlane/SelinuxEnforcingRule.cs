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
        "UEFI/UKI installs: add enforcing=1 to the Image Factory schematic's customization.extraKernelArgs and install that image. GRUB (BIOS) installs: add enforcing=1 to machine.install.extraKernelArgs. Check with talosctl get securitystate (selinuxState).",
        inputs: RuleInputs.NodeConfig,
        controls: RuleControls.Of("", "2.2.6", "CC6.8"),
        versions: new TalosVersionRange(new TalosVersion(1, 10)));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            var settings = SelinuxSettings.Of(file);
            if (settings.KernelArgsEnforce)
            {
                continue;
            }

            var uki = settings.BootsUki;
            var message = uki
                ? "SELinux stays permissive: this install boots a UKI, which ignores machine.install.extraKernelArgs; add enforcing=1 to the Image Factory schematic (customization.extraKernelArgs) and install that image"
                : "SELinux stays permissive without enforcing=1: put it in the Image Factory schematic (customization.extraKernelArgs) for UEFI systemd-boot/UKI installs, or in machine.install.extraKernelArgs only for GRUB (BIOS) installs";

            // Once Talos deprecates extraKernelArgs (v1.12) the schematic is the only advice, so no patch is offered.
            var patch = uki || !SelinuxSettings.KernelArgsDocumentedIn(file.TalosVersion) ? null : TalosPatch.Set(["enforcing=1"], "machine", "install", "extraKernelArgs");
            if (settings.KernelArgs is [var (document, args), ..])
            {
                context.Report(Definition, document, args, message, patch);
            }
            else
            {
                context.ReportMissingPath(Definition, file.Main!, message, patch, "machine", "install", "extraKernelArgs");
            }
        }
    }
}
