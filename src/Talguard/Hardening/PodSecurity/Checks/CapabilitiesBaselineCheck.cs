namespace Talguard.Hardening.PodSecurity.Checks;

/// <summary>baseline: containers may only add capabilities from the container runtime's default set.</summary>
internal sealed class CapabilitiesBaselineCheck : PodSecurityCheck
{
    public const string CheckId = "capabilities_baseline";

    private static readonly HashSet<string> DefaultSet = new(StringComparer.Ordinal)
    {
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
        "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    };

    public override string Id => CheckId;

    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    public override IReadOnlyList<CheckRevision> Revisions { get; } = [new(0, V1_0)];

    private static CheckResult V1_0(PodView pod)
    {
        List<string>? badContainers = null;
        List<string>? badCapabilities = null;
        FieldRef? first = null;
        foreach (var container in pod.Containers)
        {
            if (container.SecurityContext is not { Capabilities: not null } context)
            {
                continue;
            }

            var valid = true;
            foreach (var (name, node) in context.CapabilitiesAdd)
            {
                if (!DefaultSet.Contains(name))
                {
                    valid = false;
                    (badCapabilities ??= []).Add(name);
                    first ??= new FieldRef(node);
                }
            }

            if (!valid)
            {
                (badContainers ??= []).Add(container.Name);
            }
        }

        if (badContainers is null)
        {
            return CheckResult.Allow;
        }

        return CheckResult.Forbid(
            "non-default capabilities",
            Messages.Containers(badContainers) + " must not include " + Messages.JoinQuote(Messages.SortedSet(badCapabilities!)) +
            " in securityContext.capabilities.add",
            first!.Value);
    }

    public override void Remedy(PodView pod, int minor, PodEdits edits)
    {
        foreach (var container in pod.Containers)
        {
            foreach (var (name, node) in container.SecurityContext?.CapabilitiesAdd ?? [])
            {
                if (!DefaultSet.Contains(name))
                {
                    edits.Remove(node);
                }
            }
        }
    }
}
