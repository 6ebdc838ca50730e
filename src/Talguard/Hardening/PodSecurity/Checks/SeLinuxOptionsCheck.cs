namespace Talguard.Hardening.PodSecurity.Checks;

/// <summary>
/// baseline: SELinux options may only pick a container type (the allowed set grows at v1.31 with
/// <c>container_engine_t</c>) and may not set a user or role.
/// </summary>
internal sealed class SeLinuxOptionsCheck : PodSecurityCheck
{
    private static readonly HashSet<string> Types1_0 = new(StringComparer.Ordinal) { "", "container_t", "container_init_t", "container_kvm_t" };

    private static readonly HashSet<string> Types1_31 = new(Types1_0, StringComparer.Ordinal) { "container_engine_t" };

    public override string Id => "seLinuxOptions";

    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    public override IReadOnlyList<CheckRevision> Revisions { get; } =
    [
        new(0, pod => Evaluate(pod, Types1_0)),
        new(31, pod => Evaluate(pod, Types1_31)),
    ];

    private static CheckResult Evaluate(PodView pod, HashSet<string> allowedTypes)
    {
        List<string>? badTypes = null;
        var setUser = false;
        var setRole = false;
        FieldRef? first = null;

        bool Valid(SecurityContextView context)
        {
            var valid = true;
            if (!allowedTypes.Contains(context.SeLinuxType))
            {
                valid = false;
                (badTypes ??= []).Add(context.SeLinuxType);
            }

            if (context.SeLinuxUser.Length > 0)
            {
                valid = false;
                setUser = true;
            }

            if (context.SeLinuxRole.Length > 0)
            {
                valid = false;
                setRole = true;
            }

            if (!valid)
            {
                first ??= new FieldRef(context.SeLinuxOptions!);
            }

            return valid;
        }

        var podBad = pod.SecurityContext is { SeLinuxOptions: not null } podContext && !Valid(podContext);
        List<string>? badContainers = null;
        foreach (var container in pod.Containers)
        {
            if (container.SecurityContext is { SeLinuxOptions: not null } context && !Valid(context))
            {
                (badContainers ??= []).Add(container.Name);
            }
        }

        if (!podBad && badContainers is null)
        {
            return CheckResult.Allow;
        }

        var parts = new List<string>(3);
        if (badTypes is not null)
        {
            var distinct = Messages.SortedSet(badTypes);
            parts.Add(Messages.Plural("type", "types", distinct.Count) + " " + Messages.JoinQuote(distinct));
        }

        if (setUser)
        {
            parts.Add("user may not be set");
        }

        if (setRole)
        {
            parts.Add("role may not be set");
        }

        return CheckResult.Forbid(
            "seLinuxOptions",
            Messages.Setters(podBad, badContainers) + " set forbidden securityContext.seLinuxOptions: " + string.Join("; ", parts),
            first!.Value);
    }

    public override void Remedy(PodView pod, int minor, PodEdits edits)
    {
        Fix(pod.SecurityContext, edits);
        foreach (var container in pod.Containers)
        {
            Fix(container.SecurityContext, edits);
        }
    }

    private static void Fix(SecurityContextView? context, PodEdits edits)
    {
        if (context?.SeLinuxOptions is not { } options)
        {
            return;
        }

        if (!Types1_0.Contains(context.SeLinuxType))
        {
            edits.Set(options, "container_t", "type");
        }

        foreach (var key in new[] { "user", "role" })
        {
            if (options[key] is { } node && (node.AsString() ?? string.Empty).Length > 0)
            {
                edits.Remove(node);
            }
        }
    }
}
