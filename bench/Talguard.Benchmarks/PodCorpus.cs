using System.Globalization;
using System.Text;

namespace Talguard.Benchmarks;

/// <summary>
/// Deterministic pods for the Pod Security benchmark: 1–5 containers (some of them init containers) with
/// varied security contexts, ports, probes, volumes, sysctls and annotations. Half the pods are written to
/// pass restricted (their variations are all allowed ones); the other half mostly fail somewhere.
/// </summary>
public static class PodCorpus
{
    private static readonly string[] VolumeSources = ["emptyDir: {}", "configMap: {name: c}", "secret: {secretName: s}", "persistentVolumeClaim: {claimName: p}", "hostPath: {path: /var}", "nfs: {server: n, path: /}"];
    private static readonly string[] Sysctls = ["net.ipv4.tcp_syncookies", "net.ipv4.tcp_keepalive_time", "net.ipv4.ip_local_port_range", "kernel.msgmax"];

    public static string Generate(int count, int seed = 42)
    {
        var random = new Random(seed);
        var text = new StringBuilder(count * 700);
        for (var i = 0; i < count; i++)
        {
            AppendPod(text, random, i);
        }

        return text.ToString();
    }

    private static void AppendPod(StringBuilder text, Random random, int index)
    {
        var strict = random.Next(2) == 0;
        text.Append("---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-").Append(index.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (random.Next(8) == 0)
        {
            text.Append("  annotations:\n    container.apparmor.security.beta.kubernetes.io/c0: ").Append(strict || random.Next(2) == 0 ? "runtime/default" : "unconfined").Append('\n');
        }

        text.Append("spec:\n");
        if (!strict && random.Next(10) == 0)
        {
            text.Append("  hostNetwork: true\n");
        }

        if (random.Next(10) == 0)
        {
            text.Append("  hostUsers: false\n");
        }

        if (random.Next(15) == 0)
        {
            text.Append("  os: {name: windows}\n");
        }

        text.Append("  securityContext:\n    runAsNonRoot: ").Append(strict || random.Next(2) == 0 ? "true" : "false").Append('\n');
        if (strict || random.Next(3) == 0)
        {
            text.Append("    seccompProfile: {type: ").Append(!strict && random.Next(6) == 0 ? "Unconfined" : "RuntimeDefault").Append("}\n");
        }

        if (random.Next(5) == 0)
        {
            text.Append("    sysctls:\n    - {name: ").Append(Sysctls[random.Next(strict ? Sysctls.Length - 1 : Sysctls.Length)]).Append(", value: '1'}\n");
        }

        var containers = 1 + random.Next(5);
        var init = random.Next(containers);
        AppendContainers(text, random, "initContainers", 0, init, strict);
        AppendContainers(text, random, "containers", init, containers - init, strict);
        if (random.Next(3) == 0)
        {
            text.Append("  volumes:\n");
            for (var v = random.Next(1, 4); v > 0; v--)
            {
                text.Append("  - name: v").Append(v.ToString(CultureInfo.InvariantCulture)).Append("\n    ").Append(VolumeSources[random.Next(strict ? VolumeSources.Length - 2 : VolumeSources.Length)]).Append('\n');
            }
        }
    }

    private static void AppendContainers(StringBuilder text, Random random, string key, int first, int count, bool strict)
    {
        if (count == 0)
        {
            return;
        }

        text.Append("  ").Append(key).Append(":\n");
        for (var c = first; c < first + count; c++)
        {
            text.Append("  - name: c").Append(c.ToString(CultureInfo.InvariantCulture)).Append("\n    image: registry.k8s.io/pause:3.10\n");
            if (random.Next(6) == 0)
            {
                text.Append("    ports:\n    - containerPort: 8080\n      hostPort: ").Append(!strict && random.Next(3) == 0 ? "8080" : "0").Append('\n');
            }

            if (random.Next(4) == 0)
            {
                text.Append("    livenessProbe:\n      httpGet: {path: /healthz, port: 8080").Append(!strict && random.Next(5) == 0 ? ", host: 10.0.0.1" : string.Empty).Append("}\n");
            }

            if (!strict && random.Next(3) == 0)
            {
                continue;
            }

            text.Append("    securityContext:\n      allowPrivilegeEscalation: ").Append(strict || random.Next(2) == 0 ? "false" : "true").Append('\n');
            text.Append("      capabilities:\n        drop: [ALL]\n");
            if (random.Next(5) == 0)
            {
                text.Append("        add: [").Append(strict || random.Next(2) == 0 ? "NET_BIND_SERVICE" : "NET_ADMIN").Append("]\n");
            }

            if (random.Next(12) == 0)
            {
                text.Append("      privileged: ").Append(strict ? "false" : "true").Append('\n');
            }

            if (random.Next(10) == 0)
            {
                text.Append("      runAsUser: ").Append(!strict && random.Next(2) == 0 ? "0" : "1000").Append('\n');
            }

            if (random.Next(15) == 0)
            {
                text.Append("      seLinuxOptions: {type: ").Append(strict || random.Next(2) == 0 ? "container_t" : "spc_t").Append("}\n");
            }
        }
    }
}
