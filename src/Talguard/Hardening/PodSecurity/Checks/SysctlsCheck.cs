namespace Talguard.Hardening.PodSecurity.Checks;

/// <summary>baseline: only namespaced sysctls known to be safe; the allowed set grows with the version.</summary>
internal sealed class SysctlsCheck : PodSecurityCheck
{
    private static readonly HashSet<string> Allowed1_0 = new(StringComparer.Ordinal)
    {
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
        "net.ipv4.ip_unprivileged_port_start",
    };

    private static readonly HashSet<string> Allowed1_27 = new(Allowed1_0, StringComparer.Ordinal) { "net.ipv4.ip_local_reserved_ports" };

    private static readonly HashSet<string> Allowed1_29 = new(Allowed1_27, StringComparer.Ordinal)
    {
        "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
    };

    private static readonly HashSet<string> Allowed1_32 = new(Allowed1_29, StringComparer.Ordinal) { "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem" };

    private static readonly HashSet<string> Allowed1_37 = new(Allowed1_32, StringComparer.Ordinal)
    {
        "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat",
    };

    public override string Id => "sysctls";

    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    public override IReadOnlyList<CheckRevision> Revisions { get; } =
    [
        new(0, pod => Evaluate(pod, Allowed1_0)),
        new(27, pod => Evaluate(pod, Allowed1_27)),
        new(29, pod => Evaluate(pod, Allowed1_29)),
        new(32, pod => Evaluate(pod, Allowed1_32)),
        new(37, pod => Evaluate(pod, Allowed1_37)),
    ];

    private static CheckResult Evaluate(PodView pod, HashSet<string> allowed)
    {
        List<string>? forbidden = null;
        FieldRef? first = null;
        foreach (var (name, item) in pod.SecurityContext?.Sysctls ?? [])
        {
            if (!allowed.Contains(name))
            {
                (forbidden ??= []).Add(name);
                first ??= new FieldRef(item["name"] ?? item);
            }
        }

        // Upstream lists the names in spec order, neither sorted nor de-duplicated.
        return forbidden is null ? CheckResult.Allow : CheckResult.Forbid("forbidden sysctls", string.Join(", ", forbidden), first!.Value);
    }

    /// <summary>Removes the sysctls the version in force forbids.</summary>
    public override void Remedy(PodView pod, int minor, PodEdits edits)
    {
        var allowed = minor >= 37 ? Allowed1_37 : minor >= 32 ? Allowed1_32 : minor >= 29 ? Allowed1_29 : minor >= 27 ? Allowed1_27 : Allowed1_0;
        foreach (var (name, item) in pod.SecurityContext?.Sysctls ?? [])
        {
            if (!allowed.Contains(name))
            {
                edits.Remove(item);
            }
        }
    }
}
