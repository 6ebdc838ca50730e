using System.Globalization;

namespace Talguard.Hardening.PodSecurity.Checks;

/// <summary>baseline: no container port may be bound on the host (any non-zero hostPort).</summary>
internal sealed class HostPortsCheck : PodSecurityCheck
{
    public override string Id => "hostPorts";

    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    public override IReadOnlyList<CheckRevision> Revisions { get; } = [new(0, V1_0)];

    private static CheckResult V1_0(PodView pod)
    {
        List<string>? badContainers = null;
        List<string>? ports = null;
        FieldRef? first = null;
        foreach (var container in pod.Containers)
        {
            if (container.HostPorts.Count == 0)
            {
                continue;
            }

            (badContainers ??= []).Add(container.Name);
            foreach (var (port, node) in container.HostPorts)
            {
                (ports ??= []).Add(port.ToString(CultureInfo.InvariantCulture));
                first ??= new FieldRef(node);
            }
        }

        if (badContainers is null)
        {
            return CheckResult.Allow;
        }

        var distinct = Messages.SortedSet(ports!);
        return CheckResult.Forbid(
            "hostPort",
            Messages.Containers(badContainers) + " " + Messages.Plural("uses", "use", badContainers.Count) + " " +
            Messages.Plural("hostPort", "hostPorts", distinct.Count) + " " + string.Join(", ", distinct),
            first!.Value);
    }

    public override void Remedy(PodView pod, int minor, PodEdits edits)
    {
        foreach (var container in pod.Containers)
        {
            foreach (var (_, node) in container.HostPorts)
            {
                edits.Remove(node);
            }
        }
    }
}
