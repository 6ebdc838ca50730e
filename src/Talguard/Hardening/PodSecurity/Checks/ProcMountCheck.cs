namespace Talguard.Hardening.PodSecurity.Checks;

/// <summary>
/// baseline: the default masked /proc only. From v1.35 a pod in its own user namespace
/// (<c>hostUsers: false</c>) may unmask it, because root in the pod is not root on the host.
/// </summary>
internal sealed class ProcMountCheck : PodSecurityCheck
{
    public const string CheckId = "procMount";

    public override string Id => CheckId;

    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    public override IReadOnlyList<CheckRevision> Revisions { get; } = [new(0, Strict), new(35, V1_35)];

    private static CheckResult V1_35(PodView pod) => pod.UsesUserNamespace ? CheckResult.Allow : Strict(pod);

    /// <summary>Every container's procMount, when set, must be <c>Default</c>.</summary>
    internal static CheckResult Strict(PodView pod)
    {
        List<string>? badContainers = null;
        List<string>? values = null;
        FieldRef? first = null;
        foreach (var container in pod.Containers)
        {
            if (container.SecurityContext?.ProcMount is { } procMount && procMount != "Default")
            {
                (badContainers ??= []).Add(container.Name);
                (values ??= []).Add(procMount);
                first ??= container.SecurityField("procMount");
            }
        }

        return badContainers is null
            ? CheckResult.Allow
            : CheckResult.Forbid(
                "procMount",
                Messages.Containers(badContainers) + " must not set securityContext.procMount to " + Messages.JoinQuote(Messages.SortedSet(values!)),
                first!.Value);
    }

    internal static void SetDefault(PodView pod, PodEdits edits)
    {
        foreach (var container in pod.Containers)
        {
            if (container.SecurityContext?.ProcMount is { } procMount && procMount != "Default")
            {
                edits.SetContainerSecurity(container, "Default", "procMount");
            }
        }
    }

    public override void Remedy(PodView pod, int minor, PodEdits edits) => SetDefault(pod, edits);
}
