using System.Globalization;
using Talguard.Evidence;
using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Hardening.ControlPlane;

/// <summary>
/// TG-LIVE-007: a KSPP sysctl the node reports (<c>kernelparamstatus</c> <c>current</c>) is weaker than the value the
/// node's Talos release sets (pkg/kernel/kspp/kspp.go: 7 sysctls in v1.11, 16 stricter ones from v1.12).
/// </summary>
internal sealed class LiveKernelParamRule : EvidenceRule
{
    /// <summary>User-namespace pods need user.max_user_namespaces above 0, so raising it is a trade-off, as for TG-K8S-008.</summary>
    private static readonly SeverityCase UserNamespacesAllowed = new(Severity.Info, "for user.max_user_namespaces > 0 (user-namespace pods need it)");

    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-LIVE-007", Severity.Medium, Section.ControlPlane,
        "A kernel hardening sysctl is weaker on the node than Talos sets it",
        "Talos sets the Kernel Self Protection Project sysctls at boot; a node reporting a weaker value has them overridden (machine.sysctls, SysctlConfig) or changed at run time, re-opening kernel pointer leaks, unprivileged BPF, ptrace and similar attack surface.",
        "Remove the override from machine.sysctls (or the SysctlConfig document) so Talos applies its value again; check with talosctl get kernelparamstatus.",
        RuleInputs.NodeEvidence,
        RuleControls.Of("", "2.2.6", "CC6.8"),
        otherSeverities: [UserNamespacesAllowed]);

    private const string UserNamespaces = "user.max_user_namespaces";

    private const string KeyPrefix = "proc.sys.";

    /// <summary>Talos v1.11: kspp.go GetKernelParams (kptr_restrict and ptrace_scope were raised to 2 in v1.12).</summary>
    private static readonly KernelParam[] V111 =
    [
        new("kernel.kptr_restrict", 1), new("kernel.dmesg_restrict", 1), new("kernel.perf_event_paranoid", 3), new("kernel.yama.ptrace_scope", 1),
        new("user.max_user_namespaces", 0, Exact: true), new("kernel.unprivileged_bpf_disabled", 1, Exact: true), new("net.core.bpf_jit_harden", 2),
    ];

    /// <summary>Talos v1.12 and v1.13: kspp.go GetKernelParams.</summary>
    private static readonly KernelParam[] V112 =
    [
        new("dev.tty.ldisc_autoload", 0, Exact: true), new("dev.tty.legacy_tiocsti", 0, Exact: true), new("fs.protected_symlinks", 1),
        new("fs.protected_hardlinks", 1), new("fs.protected_fifos", 2), new("fs.protected_regular", 2), new("fs.suid_dumpable", 0, Exact: true),
        new("kernel.kptr_restrict", 2), new("kernel.dmesg_restrict", 1), new("kernel.perf_event_paranoid", 3), new("kernel.randomize_va_space", 2),
        new("kernel.yama.ptrace_scope", 2), new("user.max_user_namespaces", 0, Exact: true), new("kernel.unprivileged_bpf_disabled", 1, Exact: true),
        new("net.core.bpf_jit_harden", 2), new("vm.unprivileged_userfaultfd", 0, Exact: true),
    ];

    public override RuleDescriptor Descriptor => Definition;

    /// <summary>The KSPP sysctls a Talos release sets: the v1.11 set before v1.12, the v1.12 set from then on (unchanged in v1.13).</summary>
    internal static IReadOnlyList<KernelParam> SetBy(TalosVersion release) => release < new TalosVersion(1, 12) ? V111 : V112;

    public override void Check(NodeEvidence node)
    {
        var statuses = node.Resources(TalosResourceKinds.KernelParamStatus);
        if (!statuses.Collected)
        {
            return;
        }

        if (node.Node.Release is not { } release)
        {
            node.AddNotCollected(TalosResourceKinds.KernelParamStatus,
                $"manifest.json gives no talosVersion for the node: {Definition.Id} compares with the values that release sets");
            return;
        }

        var absent = new List<string>();
        foreach (var param in SetBy(release))
        {
            if (statuses.Find(KeyPrefix + param.Name) is not { } status)
            {
                absent.Add(KeyPrefix + param.Name);
            }
            else if (status["unsupported"]?.AsBool() != true && param.IsWeaker(status["current"]?.AsString() ?? string.Empty))
            {
                var severity = param.Name == UserNamespaces ? UserNamespacesAllowed.Severity : Definition.Severity;
                node.ReportField(Definition, status, "current", $"weaker than {param.Value.ToString(CultureInfo.InvariantCulture)}, which Talos {release} sets", severity);
            }
        }

        if (absent.Count > 0)
        {
            node.AddNotCollected(TalosResourceKinds.KernelParamStatus, $"no status for {string.Join(", ", absent)}, which Talos {release} sets");
        }
    }

    /// <summary>
    /// A KSPP sysctl: where a larger value is stricter, anything below <paramref name="Value"/> is weaker; where only the
    /// value itself is strict (<paramref name="Exact"/>: 0 for the ones that turn a feature off, 1 for
    /// unprivileged_bpf_disabled, whose 2 root may reset at run time), anything else is.
    /// </summary>
    internal sealed record KernelParam(string Name, long Value, bool Exact = false)
    {
        public bool IsWeaker(string current) =>
            !long.TryParse(current.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual) || (Exact ? actual != Value : actual < Value);
    }
}
