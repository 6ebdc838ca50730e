using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.ControlPlane;

/// <summary>TG-K8S-008: a <c>machine.sysctls</c> entry (or v1.14 <c>SysctlConfig</c> param) that undoes a KSPP default Talos sets.</summary>
public sealed class KernelSysctlRule : Rule
{
    /// <summary>User-namespace pods need user.max_user_namespaces above 0, so raising it is a trade-off, not a mistake.</summary>
    private static readonly SeverityCase UserNamespacesAllowed = new(Severity.Info, "for user.max_user_namespaces > 0 (user-namespace pods need it)");

    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-K8S-008", Severity.Medium, Section.ControlPlane,
        "Sysctl weakens a kernel hardening default",
        "Talos applies the Kernel Self Protection Project sysctls at boot (talosctl get kernelparamstatus); machine.sysctls overrides them, re-opening kernel pointer leaks, unprivileged BPF, ptrace and similar attack surface.",
        "Remove the override from machine.sysctls, or set it to the KSPP value shown in the patch.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "2.2.6", "CC6.8"),
        otherSeverities: [UserNamespacesAllowed]);

    private const string UserNamespaces = "user.max_user_namespaces";

    /// <summary>The KSPP values and whether a larger value is stricter (true) or only the exact value is safe (false).</summary>
    private static readonly Dictionary<string, (long Value, bool HigherIsStricter)> Kspp = new(StringComparer.Ordinal)
    {
        ["dev.tty.ldisc_autoload"] = (0, false),
        ["dev.tty.legacy_tiocsti"] = (0, false),
        ["fs.protected_symlinks"] = (1, true),
        ["fs.protected_hardlinks"] = (1, true),
        ["fs.protected_fifos"] = (2, true),
        ["fs.protected_regular"] = (2, true),
        ["fs.suid_dumpable"] = (0, false),
        ["kernel.kptr_restrict"] = (2, true),
        ["kernel.dmesg_restrict"] = (1, true),
        ["kernel.perf_event_paranoid"] = (3, true),
        ["kernel.randomize_va_space"] = (2, true),
        ["kernel.yama.ptrace_scope"] = (2, true),
        ["kernel.unprivileged_bpf_disabled"] = (1, true),
        ["net.core.bpf_jit_harden"] = (2, true),
        ["vm.unprivileged_userfaultfd"] = (0, false),
    };

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var (name, document, _, value) in context.Configs.SelectMany(file => SysctlSettings.Of(file).Effective))
        {
            if (value.AsInt64() is not { } actual)
            {
                continue;
            }

            if (name == UserNamespaces && actual > 0)
            {
                context.Report(Definition, document, value,
                    $"{UserNamespaces} is {actual}: unprivileged user namespaces are allowed (needed for user-namespace pods, a kernel attack surface otherwise)",
                    TalosPatch.Set(document, value, "\"0\""), UserNamespacesAllowed.Severity);
            }
            else if (Kspp.TryGetValue(name, out var kspp) && (kspp.HigherIsStricter ? actual < kspp.Value : actual != kspp.Value))
            {
                var expected = FormattableString.Invariant($"{kspp.Value}");
                context.Report(Definition, document, value,
                    $"{name} is {value.Value}, weaker than the KSPP value {expected} Talos applies",
                    TalosPatch.Set(document, value, TalosPatch.Quote(expected)));
            }
        }
    }
}
