using Talguard.Model;

namespace Talguard.Hardening.PodSecurity;

/// <summary>
/// Builds a <see cref="PodView"/> in one pass over the YAML. Each mapping is walked once with a switch
/// on its keys (a later duplicate key overwrites an earlier one, as Go's decoder does).
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

        List<ContainerView>? containers = null;
        YamlNode? init = null, regular = null, ephemeral = null;
        foreach (var (keyNode, value) in podSpec.Entries)
        {
            switch (keyNode.Value)
            {
                case "hostNetwork":
                    pod.HostNetwork = value.AsBool() == true ? value : null;
                    break;
                case "hostPID":
                    pod.HostPid = value.AsBool() == true ? value : null;
                    break;
                case "hostIPC":
                    pod.HostIpc = value.AsBool() == true ? value : null;
                    break;
                case "hostUsers":
                    pod.HostUsers = value.AsBool();
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

        AddContainers(ref containers, init, ContainerKind.Init);
        AddContainers(ref containers, regular, ContainerKind.Regular);
        AddContainers(ref containers, ephemeral, ContainerKind.Ephemeral);
        if (containers is not null)
        {
            pod.Containers = containers;
        }

        return pod;
    }

    private static YamlNode? Mapping(YamlNode? node) => node is { IsMapping: true } ? node : null;

    private static List<KeyValuePair<string, YamlNode>> ReadAnnotations(YamlNode annotations)
    {
        var list = new List<KeyValuePair<string, YamlNode>>(annotations.Entries.Count);
        foreach (var (key, value) in annotations.Entries)
        {
            var existing = list.FindIndex(e => e.Key == key.Value);
            if (existing >= 0)
            {
                list.RemoveAt(existing);
            }

            list.Add(new(key.Value, value));
        }

        return list;
    }

    private static void AddContainers(ref List<ContainerView>? containers, YamlNode? list, ContainerKind kind)
    {
        if (list is not { IsSequence: true })
        {
            return;
        }

        containers ??= new List<ContainerView>(list.Items.Count + 1);
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (list.Items[i] is { IsMapping: true } node)
            {
                containers.Add(ReadContainer(node, kind, i));
            }
        }
    }

    private static ContainerView ReadContainer(YamlNode node, ContainerKind kind, int index)
    {
        var container = new ContainerView(node, kind, index);
        List<(string, YamlNode)>? hosts = null;
        YamlNode? liveness = null, readiness = null, startup = null, lifecycle = null;
        foreach (var (keyNode, value) in node.Entries)
        {
            switch (keyNode.Value)
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
            container.HandlerHosts = hosts;
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

    private static List<(long, YamlNode)> ReadHostPorts(YamlNode ports)
    {
        var found = new List<(long, YamlNode)>();
        foreach (var port in ports.Items)
        {
            if (port["hostPort"] is { } hostPort && hostPort.AsInt64() is { } value && value != 0)
            {
                found.Add((value, hostPort));
            }
        }

        return found;
    }

    private static SecurityContextView? ReadSecurityContext(YamlNode node, bool podLevel)
    {
        if (!node.IsMapping)
        {
            return null;
        }

        var context = new SecurityContextView(node);
        foreach (var (keyNode, value) in node.Entries)
        {
            switch (keyNode.Value)
            {
                case "privileged" when !podLevel:
                    context.Privileged = value.AsBool();
                    break;
                case "allowPrivilegeEscalation" when !podLevel:
                    context.AllowPrivilegeEscalation = value.AsBool();
                    break;
                case "runAsNonRoot":
                    context.RunAsNonRoot = value.AsBool();
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
                    context.WindowsHostProcess = value["hostProcess"]?.AsBool();
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
        if (!value.IsMapping)
        {
            context.Capabilities = null;
            return;
        }

        context.Capabilities = value;
        context.CapabilitiesAdd = [];
        context.CapabilitiesDrop = [];
        foreach (var (keyNode, list) in value.Entries)
        {
            if (keyNode.Value == "add")
            {
                context.CapabilitiesAdd = [.. list.Items.Select(item => (item.AsString() ?? string.Empty, item))];
            }
            else if (keyNode.Value == "drop")
            {
                context.CapabilitiesDrop = [.. list.Items.Select(item => item.AsString() ?? string.Empty)];
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

    private static List<(string, YamlNode)> ReadSysctls(YamlNode list)
    {
        var sysctls = new List<(string, YamlNode)>(list.Items.Count);
        foreach (var item in list.Items)
        {
            if (item.IsMapping)
            {
                sysctls.Add((item["name"]?.AsString() ?? string.Empty, item));
            }
        }

        return sysctls;
    }

    private static List<VolumeView> ReadVolumes(YamlNode list)
    {
        var volumes = new List<VolumeView>(list.Items.Count);
        foreach (var item in list.Items)
        {
            if (!item.IsMapping)
            {
                continue;
            }

            var allowed = false;
            var rank = int.MaxValue;
            var hostPath = false;
            foreach (var (keyNode, value) in item.Entries)
            {
                if (value.IsNull)
                {
                    continue;
                }

                if (AllowedVolumeSources.Contains(keyNode.Value))
                {
                    allowed = true;
                }
                else if (Array.IndexOf(RestrictedVolumeSources, keyNode.Value) is >= 0 and var index)
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

        return volumes;
    }
}
