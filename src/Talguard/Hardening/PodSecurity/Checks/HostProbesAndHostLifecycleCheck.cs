namespace Talguard.Hardening.PodSecurity.Checks;

/// <summary>baseline (v1.34+): probes and lifecycle handlers may not target another host.</summary>
internal sealed class HostProbesAndHostLifecycleCheck : PodSecurityCheck
{
    public override string Id => "hostProbesAndHostLifecycle";

    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    public override IReadOnlyList<CheckRevision> Revisions { get; } = [new(34, V1_34)];

    private static CheckResult V1_34(PodView pod)
    {
        List<string>? badContainers = null;
        List<string>? hosts = null;
        FieldRef? first = null;
        foreach (var container in pod.Containers)
        {
            if (container.HandlerHosts.Count == 0)
            {
                continue;
            }

            (badContainers ??= []).Add(container.Name);
            foreach (var (host, node) in container.HandlerHosts)
            {
                (hosts ??= []).Add(host);
                first ??= new FieldRef(node);
            }
        }

        if (badContainers is null)
        {
            return CheckResult.Allow;
        }

        var names = Messages.SortedSet(badContainers);
        var distinct = Messages.SortedSet(hosts!);
        return CheckResult.Forbid(
            "probe or lifecycle host",
            Messages.Containers(names) + " " + Messages.Plural("uses", "use", names.Count) + " " +
            Messages.Plural("probe or lifecycle host", "probe or lifecycle hosts", distinct.Count) + " " + Messages.JoinQuote(distinct),
            first!.Value);
    }

    public override void Remedy(PodView pod, int minor, PodEdits edits)
    {
        foreach (var container in pod.Containers)
        {
            foreach (var (_, node) in container.HandlerHosts)
            {
                edits.Remove(node);
            }
        }
    }
}
