using Talguard.Model;

namespace Talguard.Hardening.PodSecurity;

/// <summary>
/// The fields of a pod (or pod template) that the Pod Security Standards look at, read once from the
/// YAML tree so that no check walks YAML. Values keep their nodes so violations can point at them.
/// Absent and YAML-null fields read as unset, as Go's decoder leaves a nil pointer for both.
/// </summary>
public sealed class PodView
{
    internal PodView(YamlNode anchor)
    {
        Anchor = anchor;
    }

    /// <summary>The node findings fall back to when the spec itself is missing (the template or pod).</summary>
    public YamlNode Anchor { get; }

    public YamlNode? Metadata { get; internal set; }

    public YamlNode? Spec { get; internal set; }

    /// <summary>Annotations by key (last one wins), in document order.</summary>
    public IReadOnlyList<KeyValuePair<string, YamlNode>> Annotations { get; internal set; } = [];

    public YamlNode? HostNetwork { get; internal set; }

    public YamlNode? HostPid { get; internal set; }

    public YamlNode? HostIpc { get; internal set; }

    /// <summary><c>spec.hostUsers</c> when set.</summary>
    public bool? HostUsers { get; internal set; }

    /// <summary><c>spec.os.name == "windows"</c>; linux and unset are treated alike.</summary>
    public bool IsWindows { get; internal set; }

    public string? RuntimeClassName { get; internal set; }

    public SecurityContextView? SecurityContext { get; internal set; }

    /// <summary>initContainers, then containers, then ephemeralContainers: upstream's visiting order.</summary>
    public IReadOnlyList<ContainerView> Containers { get; internal set; } = [];

    public IReadOnlyList<VolumeView> Volumes { get; internal set; } = [];

    /// <summary>True for a pod with <c>hostUsers: false</c> (its own user namespace).</summary>
    public bool UsesUserNamespace => HostUsers == false;

    /// <summary>Where a pod-level field belongs: <c>spec</c> or, without one, the anchor.</summary>
    internal FieldRef PodField(string specKey) =>
        Spec is null ? new FieldRef(Anchor, "spec." + specKey) : new FieldRef(Spec, specKey);

    /// <summary>A pod securityContext field: the field, or where it belongs.</summary>
    internal FieldRef PodSecurityField(string key) =>
        SecurityContext?.Get(key) is { } node ? new FieldRef(node)
        : SecurityContext is { } context ? new FieldRef(context.Node, key)
        : PodField("securityContext." + key);
}

public enum ContainerKind
{
    Init,
    Regular,
    Ephemeral,
}

public sealed class ContainerView
{
    internal ContainerView(YamlNode node, ContainerKind kind, int index)
    {
        Node = node;
        Kind = kind;
        Index = index;
    }

    public YamlNode Node { get; }

    public ContainerKind Kind { get; }

    /// <summary>Index in its own list (<c>containers[Index]</c>).</summary>
    public int Index { get; }

    public string Name { get; internal set; } = string.Empty;

    public SecurityContextView? SecurityContext { get; internal set; }

    /// <summary>Non-zero <c>ports[].hostPort</c> values, with their nodes.</summary>
    public IReadOnlyList<(long Port, YamlNode Node)> HostPorts { get; internal set; } = [];

    /// <summary>Non-empty probe and lifecycle handler hosts: liveness, readiness, startup, postStart, preStop.</summary>
    public IReadOnlyList<(string Host, YamlNode Node)> HandlerHosts { get; internal set; } = [];

    /// <summary>The list key this container sits under.</summary>
    public string ListKey => Kind switch
    {
        ContainerKind.Init => "initContainers",
        ContainerKind.Ephemeral => "ephemeralContainers",
        _ => "containers",
    };

    /// <summary>A securityContext field of this container: the field, or where it belongs.</summary>
    internal FieldRef SecurityField(string key) =>
        SecurityContext?.Get(key) is { } node ? new FieldRef(node)
        : SecurityContext is { } context ? new FieldRef(context.Node, key)
        : new FieldRef(Node, "securityContext." + key);
}

/// <summary>A pod-level or container-level securityContext.</summary>
public sealed class SecurityContextView
{
    internal SecurityContextView(YamlNode node)
    {
        Node = node;
    }

    public YamlNode Node { get; }

    public bool? Privileged { get; internal set; }

    public bool? AllowPrivilegeEscalation { get; internal set; }

    public bool? RunAsNonRoot { get; internal set; }

    public long? RunAsUser { get; internal set; }

    /// <summary>The procMount value when set (may be empty).</summary>
    public string? ProcMount { get; internal set; }

    public YamlNode? Capabilities { get; internal set; }

    public IReadOnlyList<(string Name, YamlNode Node)> CapabilitiesAdd { get; internal set; } = [];

    public IReadOnlyList<string> CapabilitiesDrop { get; internal set; } = [];

    public YamlNode? SeLinuxOptions { get; internal set; }

    public string SeLinuxType { get; internal set; } = string.Empty;

    public string SeLinuxUser { get; internal set; } = string.Empty;

    public string SeLinuxRole { get; internal set; } = string.Empty;

    /// <summary>The type of <c>seccompProfile</c> when the profile is set (empty when it has none).</summary>
    public string? SeccompType { get; internal set; }

    public string? AppArmorType { get; internal set; }

    public bool? WindowsHostProcess { get; internal set; }

    /// <summary>Pod level only: <c>sysctls[].name</c> with their list items, in spec order.</summary>
    public IReadOnlyList<(string Name, YamlNode Node)> Sysctls { get; internal set; } = [];

    /// <summary>The node of a direct field (for locations), or null.</summary>
    public YamlNode? Get(string key)
    {
        var value = Node[key];
        return value is null || value.IsNull ? null : value;
    }
}

public sealed class VolumeView
{
    internal VolumeView(YamlNode node, string name)
    {
        Node = node;
        Name = name;
    }

    public YamlNode Node { get; }

    public string Name { get; }

    public bool IsHostPath { get; internal set; }

    /// <summary>The source type restricted forbids (<c>hostPath</c>, <c>nfs</c>, ...), or null when allowed.</summary>
    public string? RestrictedType { get; internal set; }
}
