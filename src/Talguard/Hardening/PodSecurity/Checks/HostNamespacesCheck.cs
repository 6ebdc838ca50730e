namespace Talguard.Hardening.PodSecurity.Checks;

/// <summary>baseline: no sharing of the host's network, PID or IPC namespace.</summary>
internal sealed class HostNamespacesCheck : PodSecurityCheck
{
    public override string Id => "hostNamespaces";

    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    public override IReadOnlyList<CheckRevision> Revisions { get; } = [new(0, V1_0)];

    private static CheckResult V1_0(PodView pod)
    {
        if (pod.HostNetwork is null && pod.HostPid is null && pod.HostIpc is null)
        {
            return CheckResult.Allow;
        }

        var shared = new List<string>(3);
        if (pod.HostNetwork is not null)
        {
            shared.Add("hostNetwork=true");
        }

        if (pod.HostPid is not null)
        {
            shared.Add("hostPID=true");
        }

        if (pod.HostIpc is not null)
        {
            shared.Add("hostIPC=true");
        }

        return CheckResult.Forbid("host namespaces", string.Join(", ", shared), new FieldRef(pod.HostNetwork ?? pod.HostPid ?? pod.HostIpc!));
    }

    public override void Remedy(PodView pod, int minor, PodEdits edits)
    {
        foreach (var node in new[] { pod.HostNetwork, pod.HostPid, pod.HostIpc })
        {
            if (node is not null)
            {
                edits.Set(node.Parent!, "false", node.KeyInParent!);
            }
        }
    }
}
