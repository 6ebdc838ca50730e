namespace Talguard.Hardening.PodSecurity.Checks;

/// <summary>
/// restricted (v1.8+): every container must explicitly set <c>allowPrivilegeEscalation: false</c>.
/// From v1.25 Windows pods are exempt (the field has no meaning there).
/// </summary>
internal sealed class AllowPrivilegeEscalationCheck : PodSecurityCheck
{
    public override string Id => "allowPrivilegeEscalation";

    public override PodSecurityLevel Level => PodSecurityLevel.Restricted;

    public override IReadOnlyList<CheckRevision> Revisions { get; } = [new(8, V1_8), new(25, V1_25)];

    private static CheckResult V1_25(PodView pod) => pod.IsWindows ? CheckResult.Allow : V1_8(pod);

    private static CheckResult V1_8(PodView pod)
    {
        List<string>? badContainers = null;
        FieldRef? first = null;
        foreach (var container in pod.Containers)
        {
            if (container.SecurityContext?.AllowPrivilegeEscalation != false)
            {
                (badContainers ??= []).Add(container.Name);
                first ??= container.SecurityField("allowPrivilegeEscalation");
            }
        }

        return badContainers is null
            ? CheckResult.Allow
            : CheckResult.Forbid(
                "allowPrivilegeEscalation != false",
                Messages.Containers(badContainers) + " must set securityContext.allowPrivilegeEscalation=false",
                first!.Value);
    }

    public override void Remedy(PodView pod, int minor, PodEdits edits)
    {
        foreach (var container in pod.Containers)
        {
            if (container.SecurityContext?.AllowPrivilegeEscalation != false)
            {
                edits.SetContainerSecurity(container, "false", "allowPrivilegeEscalation");
            }
        }
    }
}
