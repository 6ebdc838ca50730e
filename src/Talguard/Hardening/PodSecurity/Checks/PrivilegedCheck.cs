namespace Talguard.Hardening.PodSecurity.Checks;

/// <summary>baseline: no privileged containers.</summary>
internal sealed class PrivilegedCheck : PodSecurityCheck
{
    public override string Id => "privileged";

    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    public override IReadOnlyList<CheckRevision> Revisions { get; } = [new(0, V1_0)];

    private static CheckResult V1_0(PodView pod)
    {
        List<string>? badContainers = null;
        FieldRef? first = null;
        foreach (var container in pod.Containers)
        {
            if (container.SecurityContext?.Privileged == true)
            {
                (badContainers ??= []).Add(container.Name);
                first ??= container.SecurityField("privileged");
            }
        }

        return badContainers is null
            ? CheckResult.Allow
            : CheckResult.Forbid("privileged", Messages.Containers(badContainers) + " must not set securityContext.privileged=true", first!.Value);
    }

    public override void Remedy(PodView pod, int minor, PodEdits edits)
    {
        foreach (var container in pod.Containers)
        {
            if (container.SecurityContext?.Privileged == true)
            {
                edits.SetContainerSecurity(container, "false", "privileged");
            }
        }
    }
}
