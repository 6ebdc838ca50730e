namespace Talguard.Hardening.PodSecurity.Checks;

/// <summary>
/// restricted (v1.23+): nothing may set <c>runAsUser: 0</c>. From v1.35 pods in their own user namespace
/// (<c>hostUsers: false</c>) are exempt.
/// </summary>
internal sealed class RunAsUserCheck : PodSecurityCheck
{
    /// <summary>The conventional unprivileged "nonroot" user of distroless images.</summary>
    private const string NonRootUser = "65532";

    public override string Id => "runAsUser";

    public override PodSecurityLevel Level => PodSecurityLevel.Restricted;

    public override IReadOnlyList<CheckRevision> Revisions { get; } = [new(23, V1_23), new(35, V1_35)];

    private static CheckResult V1_35(PodView pod) => pod.UsesUserNamespace ? CheckResult.Allow : V1_23(pod);

    private static CheckResult V1_23(PodView pod)
    {
        var podBad = pod.SecurityContext?.RunAsUser == 0;
        FieldRef? first = podBad ? pod.PodSecurityField("runAsUser") : null;
        List<string>? badContainers = null;
        foreach (var container in pod.Containers)
        {
            if (container.SecurityContext?.RunAsUser == 0)
            {
                (badContainers ??= []).Add(container.Name);
                first ??= container.SecurityField("runAsUser");
            }
        }

        return !podBad && badContainers is null
            ? CheckResult.Allow
            : CheckResult.Forbid("runAsUser=0", Messages.Setters(podBad, badContainers) + " must not set runAsUser=0", first!.Value);
    }

    public override void Remedy(PodView pod, int minor, PodEdits edits)
    {
        if (pod.SecurityContext?.RunAsUser == 0)
        {
            edits.SetPodSecurity(pod, NonRootUser, "runAsUser");
        }

        foreach (var container in pod.Containers)
        {
            if (container.SecurityContext?.RunAsUser == 0)
            {
                edits.SetContainerSecurity(container, NonRootUser, "runAsUser");
            }
        }
    }
}
