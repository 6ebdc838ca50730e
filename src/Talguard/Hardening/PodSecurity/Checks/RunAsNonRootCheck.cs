namespace Talguard.Hardening.PodSecurity.Checks;

/// <summary>
/// restricted: containers must run as non-root (<c>runAsNonRoot: true</c> on the pod or every container).
/// From v1.35 pods in their own user namespace (<c>hostUsers: false</c>) are exempt.
/// </summary>
internal sealed class RunAsNonRootCheck : PodSecurityCheck
{
    public override string Id => "runAsNonRoot";

    public override PodSecurityLevel Level => PodSecurityLevel.Restricted;

    public override IReadOnlyList<CheckRevision> Revisions { get; } = [new(0, V1_0), new(35, V1_35)];

    private static CheckResult V1_35(PodView pod) => pod.UsesUserNamespace ? CheckResult.Allow : V1_0(pod);

    private static CheckResult V1_0(PodView pod)
    {
        var podValue = pod.SecurityContext?.RunAsNonRoot;
        var podBad = podValue == false;
        var podNonRoot = podValue == true;
        List<string>? explicitlyBad = null;
        List<string>? implicitlyBad = null;
        FieldRef? firstExplicit = podBad ? pod.PodSecurityField("runAsNonRoot") : null;
        FieldRef? firstImplicit = null;
        foreach (var container in pod.Containers)
        {
            var value = container.SecurityContext?.RunAsNonRoot;
            if (value == false)
            {
                (explicitlyBad ??= []).Add(container.Name);
                firstExplicit ??= container.SecurityField("runAsNonRoot");
            }
            else if (value is null && !podNonRoot)
            {
                (implicitlyBad ??= []).Add(container.Name);
                firstImplicit ??= pod.PodSecurityField("runAsNonRoot");
            }
        }

        if (podBad || explicitlyBad is not null)
        {
            return CheckResult.Forbid(
                "runAsNonRoot != true",
                Messages.Setters(podBad, explicitlyBad) + " must not set securityContext.runAsNonRoot=false",
                firstExplicit!.Value);
        }

        return implicitlyBad is null
            ? CheckResult.Allow
            : CheckResult.Forbid(
                "runAsNonRoot != true",
                "pod or " + Messages.Containers(implicitlyBad) + " must set securityContext.runAsNonRoot=true",
                firstImplicit!.Value);
    }

    public override void Remedy(PodView pod, int minor, PodEdits edits)
    {
        if (pod.SecurityContext?.RunAsNonRoot != true)
        {
            edits.SetPodSecurity(pod, "true", "runAsNonRoot");
        }

        foreach (var container in pod.Containers)
        {
            if (container.SecurityContext?.RunAsNonRoot == false)
            {
                edits.SetContainerSecurity(container, "true", "runAsNonRoot");
            }
        }
    }
}
