namespace Talguard.Hardening.PodSecurity.Checks;

/// <summary>baseline: no Windows HostProcess containers (they run with host-level privileges).</summary>
internal sealed class WindowsHostProcessCheck : PodSecurityCheck
{
    public override string Id => "windowsHostProcess";

    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    public override IReadOnlyList<CheckRevision> Revisions { get; } = [new(0, V1_0)];

    private static CheckResult V1_0(PodView pod)
    {
        List<string>? badContainers = null;
        FieldRef? first = null;
        var podBad = pod.SecurityContext?.WindowsHostProcess == true;
        foreach (var container in pod.Containers)
        {
            if (container.SecurityContext?.WindowsHostProcess == true)
            {
                (badContainers ??= []).Add(container.Name);
                first ??= new FieldRef(container.SecurityContext.Node["windowsOptions"]!["hostProcess"]!);
            }
        }

        if (podBad)
        {
            first = new FieldRef(pod.SecurityContext!.Node["windowsOptions"]!["hostProcess"]!);
        }

        return !podBad && badContainers is null
            ? CheckResult.Allow
            : CheckResult.Forbid("hostProcess", Messages.Setters(podBad, badContainers) + " must not set securityContext.windowsOptions.hostProcess=true", first!.Value);
    }

    public override void Remedy(PodView pod, int minor, PodEdits edits)
    {
        if (pod.SecurityContext?.WindowsHostProcess == true)
        {
            edits.SetPodSecurity(pod, "false", "windowsOptions", "hostProcess");
        }

        foreach (var container in pod.Containers)
        {
            if (container.SecurityContext?.WindowsHostProcess == true)
            {
                edits.SetContainerSecurity(container, "false", "windowsOptions", "hostProcess");
            }
        }
    }
}
