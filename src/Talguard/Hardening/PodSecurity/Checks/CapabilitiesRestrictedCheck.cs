namespace Talguard.Hardening.PodSecurity.Checks;

/// <summary>
/// restricted (v1.22+): every container drops ALL and adds back at most NET_BIND_SERVICE; replaces
/// capabilities_baseline. From v1.25 Windows pods are exempt.
/// </summary>
internal sealed class CapabilitiesRestrictedCheck : PodSecurityCheck
{
    private const string All = "ALL";
    private const string NetBindService = "NET_BIND_SERVICE";

    public override string Id => "capabilities_restricted";

    public override PodSecurityLevel Level => PodSecurityLevel.Restricted;

    public override IReadOnlyList<CheckRevision> Revisions { get; } =
    [
        new(22, V1_22, CapabilitiesBaselineCheck.CheckId),
        new(25, V1_25, CapabilitiesBaselineCheck.CheckId),
    ];

    private static CheckResult V1_25(PodView pod) => pod.IsWindows ? CheckResult.Allow : V1_22(pod);

    private static bool DropsAll(SecurityContextView? context) => context is { Capabilities: not null } && context.CapabilitiesDrop.Contains(All);

    private static CheckResult V1_22(PodView pod)
    {
        List<string>? missingDropAll = null;
        List<string>? addingForbidden = null;
        List<string>? forbidden = null;
        FieldRef? first = null;
        foreach (var container in pod.Containers)
        {
            var context = container.SecurityContext;
            if (!DropsAll(context))
            {
                (missingDropAll ??= []).Add(container.Name);
                first ??= context?.Capabilities is { } capabilities
                    ? (capabilities["drop"] is { IsNull: false } drop ? new FieldRef(drop) : new FieldRef(capabilities, "drop"))
                    : container.SecurityField("capabilities");
            }

            if (context is not { Capabilities: not null })
            {
                continue;
            }

            var adds = false;
            foreach (var (name, node) in context.CapabilitiesAdd)
            {
                if (name != NetBindService)
                {
                    adds = true;
                    (forbidden ??= []).Add(name);
                    first ??= new FieldRef(node);
                }
            }

            if (adds)
            {
                (addingForbidden ??= []).Add(container.Name);
            }
        }

        if (missingDropAll is null && addingForbidden is null)
        {
            return CheckResult.Allow;
        }

        var details = new List<string>(2);
        if (missingDropAll is not null)
        {
            details.Add(Messages.Containers(missingDropAll) + " must set securityContext.capabilities.drop=[\"ALL\"]");
        }

        if (addingForbidden is not null)
        {
            details.Add(Messages.Containers(addingForbidden) + " must not include " + Messages.JoinQuote(Messages.SortedSet(forbidden!)) +
                " in securityContext.capabilities.add");
        }

        return CheckResult.Forbid("unrestricted capabilities", string.Join("; ", details), first!.Value);
    }

    public override void Remedy(PodView pod, int minor, PodEdits edits)
    {
        foreach (var container in pod.Containers)
        {
            if (!DropsAll(container.SecurityContext))
            {
                edits.SetList(container.Node, [All], "securityContext", "capabilities", "drop");
            }

            foreach (var (name, node) in container.SecurityContext?.CapabilitiesAdd ?? [])
            {
                if (name != NetBindService)
                {
                    edits.Remove(node);
                }
            }
        }
    }
}
