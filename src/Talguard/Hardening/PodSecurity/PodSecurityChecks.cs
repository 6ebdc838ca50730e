using Talguard.Hardening.PodSecurity.Checks;

namespace Talguard.Hardening.PodSecurity;

/// <summary>
/// The table of every check, as upstream registers them: each with its level and the versions its
/// behaviours start at. Adding a behaviour is a new revision in the check's own file.
/// </summary>
public static class PodSecurityChecks
{
    public static IReadOnlyList<PodSecurityCheck> All { get; } =
    [
        new AppArmorProfileCheck(),
        new CapabilitiesBaselineCheck(),
        new HostNamespacesCheck(),
        new HostPathVolumesCheck(),
        new HostPortsCheck(),
        new HostProbesAndHostLifecycleCheck(),
        new PrivilegedCheck(),
        new ProcMountCheck(),
        new SeLinuxOptionsCheck(),
        new SeccompProfileBaselineCheck(),
        new SysctlsCheck(),
        new WindowsHostProcessCheck(),
        new AllowPrivilegeEscalationCheck(),
        new CapabilitiesRestrictedCheck(),
        new ProcMountRestrictedCheck(),
        new RestrictedVolumesCheck(),
        new RunAsNonRootCheck(),
        new RunAsUserCheck(),
        new SeccompProfileRestrictedCheck(),
    ];

    /// <summary>The newest minor any revision starts at: what <c>latest</c> (and any newer pin) evaluates as.</summary>
    public static int MaxMinor { get; } = All.Max(c => c.Revisions[^1].MinimumMinor);
}
