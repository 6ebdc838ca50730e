namespace Talguard.Hardening.PodSecurity.Checks;

/// <summary>
/// restricted (v1.19+): every container runs under RuntimeDefault or a Localhost seccomp profile, its
/// own or the pod's; replaces seccompProfile_baseline. From v1.25 Windows pods are exempt.
/// </summary>
internal sealed class SeccompProfileRestrictedCheck : PodSecurityCheck
{
    public override string Id => "seccompProfile_restricted";

    public override PodSecurityLevel Level => PodSecurityLevel.Restricted;

    public override IReadOnlyList<CheckRevision> Revisions { get; } =
    [
        new(19, V1_19, SeccompProfileBaselineCheck.CheckId),
        new(25, V1_25, SeccompProfileBaselineCheck.CheckId),
    ];

    private static CheckResult V1_25(PodView pod) => pod.IsWindows ? CheckResult.Allow : V1_19(pod);

    private static CheckResult V1_19(PodView pod)
    {
        List<string>? badValues = null;
        FieldRef? firstExplicit = null;
        FieldRef? firstImplicit = null;
        var podBad = false;
        var podSet = false;
        if (pod.SecurityContext?.SeccompType is { } podType)
        {
            podSet = SeccompProfileBaselineCheck.ValidType(podType);
            if (!podSet)
            {
                podBad = true;
                (badValues ??= []).Add(podType);
                firstExplicit = pod.PodSecurityField("seccompProfile");
            }
        }

        List<string>? explicitlyBad = null;
        List<string>? implicitlyBad = null;
        foreach (var container in pod.Containers)
        {
            if (container.SecurityContext?.SeccompType is { } type)
            {
                if (!SeccompProfileBaselineCheck.ValidType(type))
                {
                    (explicitlyBad ??= []).Add(container.Name);
                    (badValues ??= []).Add(type);
                    firstExplicit ??= container.SecurityField("seccompProfile");
                }
            }
            else if (!podSet)
            {
                (implicitlyBad ??= []).Add(container.Name);
                firstImplicit ??= pod.PodSecurityField("seccompProfile");
            }
        }

        if (badValues is not null)
        {
            return CheckResult.Forbid(
                "seccompProfile",
                Messages.Setters(podBad, explicitlyBad) + " must not set securityContext.seccompProfile.type to " + Messages.JoinQuote(Messages.SortedSet(badValues)),
                firstExplicit!.Value);
        }

        return implicitlyBad is null
            ? CheckResult.Allow
            : CheckResult.Forbid(
                "seccompProfile",
                "pod or " + Messages.Containers(implicitlyBad) + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"",
                firstImplicit!.Value);
    }

    public override void Remedy(PodView pod, int minor, PodEdits edits)
    {
        SeccompProfileBaselineCheck.FixExplicitTypes(pod, edits);
        if (pod.SecurityContext?.SeccompType is null)
        {
            edits.SetPodSecurity(pod, "RuntimeDefault", "seccompProfile", "type");
        }
    }
}
