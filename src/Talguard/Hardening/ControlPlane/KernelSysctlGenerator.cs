using Talguard.Findings;
using Talguard.Model.Profile;

namespace Talguard.Hardening.ControlPlane;

/// <summary>
/// KSPP-preserving sysctls: Talos applies the Kernel Self Protection Project sysctls itself (the values
/// <see cref="LiveKernelParamRule"/> checks per release), and the scan's sysctl rule (TG-K8S-008) only flags overrides
/// that weaken them. So the patch writes no <c>machine.sysctls</c> or <c>SysctlConfig</c>: any value added there could
/// only equal Talos's or, on a later release that raises it, hold it back. The README says how to check them.
/// </summary>
internal sealed class KernelSysctlGenerator : IHardeningGenerator
{
    public Section Section => Section.ControlPlane;

    public void Generate(HardeningProfile profile, HardeningPlan plan) =>
        plan.AddNote(Section,
            "Kernel hardening sysctls: Talos sets the KSPP values at boot and the patches override none of them. Keep it so: a "
            + "`machine.sysctls` (or v1.14 `SysctlConfig`) entry for one of them can only weaken it (TG-K8S-008). Check a node with "
            + "`talosctl get kernelparamstatus`.");
}
