using Talguard.Model;

namespace Talguard.Hardening.PodSecurity;

/// <summary>
/// Builds a <see cref="PodView"/> in one pass over the YAML. Each mapping is walked once with a switch
/// on its keys (a later duplicate key overwrites an earlier one, as Go's decoder does). Loops index the
/// node lists directly: enumerating them through their interfaces would allocate on this hot path.
/// </summary>
public static class PodViewReader
{
    /// <summary>Volume sources restricted allows; any of them makes the volume acceptable.</summary>
    private static readonly HashSet<string> AllowedVolumeSources = new(StringComparer.Ordinal)
    {
        "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret",
    };

    /// <summary>Other volume sources, in the order upstream names the first one it finds.</summary>
    private static readonly string[] RestrictedVolumeSources =
    [
        "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd",
        "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk",
        "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos",
    ];

    /// <param name="anchor">The pod or template node (where findings point when the spec is missing).</param>
    /// <param name="metadata">The pod (template) metadata, or null.</param>
    /// <param name="spec">The pod spec, or null.</param>
    public static PodView Read(YamlNode anchor, YamlNode? metadata, YamlNode? spec)
    {
        var pod = new PodView(anchor)
        {
            Metadata = Mapping(metadata),
            Spec = Mapping(spec),
        };
        if (pod.Metadata?["annotations"] is { IsMapping: true } annotations)
        {
            pod.Annotations = ReadAnnotations(annotations);
        }

        if (pod.Spec is not { } podSpec)
        {
            return pod;
        }

        YamlNode? init = null, regular = null, ephemeral = null;
        var entries = podSpec.Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            var value = entries[i].Value;
            switch (entries[i].Key.Value)
            {
                case "hostNetwork":
                    pod.HostNetwork = value.AsKubernetesBool() == true ? value : null;
                    break;
                case "hostPID":
                    pod.HostPid = value.AsKubernetesBool() == true ? value : null;
                    break;
                case "hostIPC":
                    pod.HostIpc = value.AsKubernetesBool() == true ? value : null;
                    break;
                case "hostUsers":
                    pod.HostUsers = value.AsKubernetesBool();
                    break;
                case "os":
                    pod.IsWindows = value["name"]?.AsString() == "windows";
                    break;
                case "runtimeClassName":
                    pod.RuntimeClassName = value.AsString();
                    break;
                case "securityContext":
                    pod.SecurityContext = ReadSecurityContext(value, podLevel: true);
                    break;
                case "volumes":
                    pod.Volumes = ReadVolumes(value);
                    break;
                case "initContainers":
                    init = value;
                    break;
                case "containers":
                    regular = value;
                    break;
                case "ephemeralContainers":
                    ephemeral = value;
                    break;
            }
        }

        var count = Count(init) + Count(regular) + Count(ephemeral);
        if (count > 0)
        {
            var containers = new ContainerView[count];
            var next = 0;
            AddContainers(containers, ref next, init);
            AddContainers(containers, ref next, regular);
            AddContainers(containers, ref next, ephemeral);
            pod.Containers = next == count ? containers : containers[..next];
        }

        return pod;
    }

    private static YamlNode? Mapping(YamlNode? node) => node is { IsMapping: true } ? node : null;

    /// <summary>
    /// A boolean as kubectl's YAML reader (YAML 1.1) sees it: also <c>y</c>/<c>n</c>, which
    /// <see cref="YamlNode.AsBool"/> does not take.
    /// </summary>
    private static bool? AsKubernetesBool(this YamlNode node) =>
        node is { IsScalar: true, IsPlain: true, Value: "y" or "Y" } ? true
        : node is { IsScalar: true, IsPlain: true, Value: "n" or "N" } ? false
        : node.AsBool();

    private static int Count(YamlNode? list) => list is { IsSequence: true } ? list.Items.Count : 0;

    private static KeyValuePair<string, YamlNode>[] ReadAnnotations(YamlNode annotations)
    {
        var entries = annotations.Entries;
        var list = new List<KeyValuePair<string, YamlNode>>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var key = entries[i].Key.Value;
            for (var j = 0; j < list.Count; j++)
            {
                if (list[j].Key == key)
                {
                    list.RemoveAt(j);
                    break;
                }
            }

            list.Add(new(key, entries[i].Value));
        }

        return [.. list];
    }

    private static void AddContainers(ContainerView[] containers, ref int next, YamlNode? list)
    {
        if (list is not { IsSequence: true })
        {
            return;
        }

        var items = list.Items;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is { IsMapping: true } node)
            {
                containers[next++] = ReadContainer(node);
            }
        }
    }

    private static ContainerView ReadContainer(YamlNode node)
    {
        var container = new ContainerView(node);
        YamlNode? liveness = null, readiness = null, startup = null, lifecycle = null;
        var entries = node.Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            var value = entries[i].Value;
            switch (entries[i].Key.Value)
            {
                case "name":
                    container.Name = value.AsString() ?? string.Empty;
                    break;
                case "securityContext":
                    container.SecurityContext = ReadSecurityContext(value, podLevel: false);
                    break;
                case "ports":
                    container.HostPorts = ReadHostPorts(value);
                    break;
                case "livenessProbe":
                    liveness = value;
                    break;
                case "readinessProbe":
                    readiness = value;
                    break;
                case "startupProbe":
                    startup = value;
                    break;
                case "lifecycle":
                    lifecycle = value;
                    break;
            }
        }

        List<(string, YamlNode)>? hosts = null;
        AddHandlerHosts(ref hosts, liveness);
        AddHandlerHosts(ref hosts, readiness);
        AddHandlerHosts(ref hosts, startup);
        if (lifecycle is { IsMapping: true })
        {
            AddHandlerHosts(ref hosts, lifecycle["postStart"]);
            AddHandlerHosts(ref hosts, lifecycle["preStop"]);
        }

        if (hosts is not null)
        {
            container.HandlerHosts = [.. hosts];
        }

        return container;
    }

    private static void AddHandlerHosts(ref List<(string, YamlNode)>? hosts, YamlNode? handler)
    {
        if (handler is not { IsMapping: true })
        {
            return;
        }

        AddHost(ref hosts, handler["httpGet"]);
        AddHost(ref hosts, handler["tcpSocket"]);
    }

    private static void AddHost(ref List<(string, YamlNode)>? hosts, YamlNode? action)
    {
        if (action is { IsMapping: true } && action["host"] is { } host && host.AsString() is { Length: > 0 } text)
        {
            (hosts ??= []).Add((text, host));
        }
    }

    private static (long, YamlNode)[] ReadHostPorts(YamlNode ports)
    {
        List<(long, YamlNode)>? found = null;
        var items = ports.Items;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i]["hostPort"] is { } hostPort && hostPort.AsInt64() is { } value && value != 0)
            {
                (found ??= []).Add((value, hostPort));
            }
        }

        return found is null ? [] : [.. found];
    }

    private static SecurityContextView? ReadSecurityContext(YamlNode node, bool podLevel)
    {
        if (!node.IsMapping)
        {
            return null;
        }

        var context = new SecurityContextView(node);
        var entries = node.Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            var value = entries[i].Value;
            switch (entries[i].Key.Value)
            {
                case "privileged" when !podLevel:
                    context.Privileged = value.AsKubernetesBool();
                    break;
                case "allowPrivilegeEscalation" when !podLevel:
                    context.AllowPrivilegeEscalation = value.AsKubernetesBool();
                    break;
                case "runAsNonRoot":
                    context.RunAsNonRoot = value.AsKubernetesBool();
                    break;
                case "runAsUser":
                    context.RunAsUser = value.AsInt64();
                    break;
                case "procMount" when !podLevel:
                    context.ProcMount = value.AsString();
                    break;
                case "capabilities" when !podLevel:
                    ReadCapabilities(context, value);
                    break;
                case "seLinuxOptions":
                    ReadSeLinux(context, value);
                    break;
                case "seccompProfile":
                    context.SeccompType = value.IsMapping ? value["type"]?.AsString() ?? string.Empty : null;
                    break;
                case "appArmorProfile":
                    context.AppArmorType = value.IsMapping ? value["type"]?.AsString() ?? string.Empty : null;
                    break;
                case "windowsOptions":
                    context.WindowsHostProcess = value["hostProcess"]?.AsKubernetesBool();
                    break;
                case "sysctls" when podLevel:
                    context.Sysctls = ReadSysctls(value);
                    break;
            }
        }

        return context;
    }

    private static void ReadCapabilities(SecurityContextView context, YamlNode value)
    {
        context.CapabilitiesAdd = [];
        context.CapabilitiesDrop = [];
        if (!value.IsMapping)
        {
            context.Capabilities = null;
            return;
        }

        context.Capabilities = value;
        var entries = value.Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            var items = entries[i].Value.Items;
            if (entries[i].Key.Value == "add")
            {
                var add = new (string, YamlNode)[items.Count];
                for (var j = 0; j < add.Length; j++)
                {
                    add[j] = (items[j].AsString() ?? string.Empty, items[j]);
                }

                context.CapabilitiesAdd = add;
            }
            else if (entries[i].Key.Value == "drop")
            {
                var drop = new string[items.Count];
                for (var j = 0; j < drop.Length; j++)
                {
                    drop[j] = items[j].AsString() ?? string.Empty;
                }

                context.CapabilitiesDrop = drop;
            }
        }
    }

    private static void ReadSeLinux(SecurityContextView context, YamlNode value)
    {
        if (!value.IsMapping)
        {
            context.SeLinuxOptions = null;
            return;
        }

        context.SeLinuxOptions = value;
        context.SeLinuxType = value["type"]?.AsString() ?? string.Empty;
        context.SeLinuxUser = value["user"]?.AsString() ?? string.Empty;
        context.SeLinuxRole = value["role"]?.AsString() ?? string.Empty;
    }

    private static (string, YamlNode)[] ReadSysctls(YamlNode list)
    {
        var items = list.Items;
        var sysctls = new List<(string, YamlNode)>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].IsMapping)
            {
                sysctls.Add((items[i]["name"]?.AsString() ?? string.Empty, items[i]));
            }
        }

        return [.. sysctls];
    }

    private static VolumeView[] ReadVolumes(YamlNode list)
    {
        var items = list.Items;
        var volumes = new List<VolumeView>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (!item.IsMapping)
            {
                continue;
            }

            var allowed = false;
            var rank = int.MaxValue;
            var hostPath = false;
            var entries = item.Entries;
            for (var j = 0; j < entries.Count; j++)
            {
                var key = entries[j].Key.Value;
                if (entries[j].Value.IsNull)
                {
                    continue;
                }

                if (AllowedVolumeSources.Contains(key))
                {
                    allowed = true;
                }
                else if (Array.IndexOf(RestrictedVolumeSources, key) is >= 0 and var index)
                {
                    rank = Math.Min(rank, index);
                    hostPath |= index == 0;
                }
            }

            // A volume without any source is defaulted to emptyDir by the API server before admission sees it.
            volumes.Add(new VolumeView(item, item["name"]?.AsString() ?? string.Empty)
            {
                IsHostPath = hostPath,
                RestrictedType = allowed || rank == int.MaxValue ? null : RestrictedVolumeSources[rank],
            });
        }

        return [.. volumes];
    }
}
