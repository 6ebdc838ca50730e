using Talguard.Formats;

namespace Talguard.Evidence;

/// <summary>
/// A Talos resource a bundle may hold as <c>talos/&lt;Name&gt;.json</c>: the COSI type every object of it carries
/// (<c>metadata.type</c>), whether reading it needs os:admin (sensitive resources), and the JSON kinds of the spec
/// fields Talguard reads, so a file of another resource or another shape is refused instead of misread.
/// Facts: shared/talos/LIVE-FACTS.md and pkg/machinery/resources in Talos v1.11-v1.13.
/// </summary>
/// <param name="Name">The name <c>talosctl get</c> takes and the file is named after.</param>
/// <param name="Type">The resource type in <c>metadata.type</c>.</param>
/// <param name="AdminOnly">Whether an os:reader client is refused it.</param>
/// <param name="SpecKind">The kind of <c>spec</c>: an object, or a string for the machine config.</param>
/// <param name="Fields">Spec fields as dotted paths under <c>spec</c>, each with the kinds talosctl prints there.</param>
internal sealed record TalosResourceKind(string Name, string Type, bool AdminOnly, TalosctlJsonKind SpecKind, IReadOnlyList<TalosFieldShape> Fields);

/// <summary>A spec field's path (keys under <c>spec</c>; <c>[]</c> for every item of a list) and the kinds it may have.</summary>
internal sealed record TalosFieldShape(string[] Keys, params TalosctlJsonKind[] Kinds);

/// <summary>The Talos resources of the bundle contract (issue #14), by file name.</summary>
internal static class TalosResourceKinds
{
    public const string SecurityState = "securitystate";
    public const string VolumeStatus = "volumestatus";
    public const string KernelParamStatus = "kernelparamstatus";
    public const string NfTablesChain = "nftableschain";
    public const string StaticPods = "staticpods";
    public const string KubeletSpec = "kubeletspec";
    public const string ApiServerConfig = "apiserverconfig";
    public const string Extensions = "extensions";
    public const string Cmdline = "cmdline";
    public const string Mounts = "mounts";
    public const string MachineConfig = "machineconfig";
    public const string AuditPolicyConfig = "auditpolicyconfig";

    private const TalosctlJsonKind Str = TalosctlJsonKind.String;
    private const TalosctlJsonKind Bool = TalosctlJsonKind.Boolean;
    private const TalosctlJsonKind Obj = TalosctlJsonKind.Object;
    private const TalosctlJsonKind Arr = TalosctlJsonKind.Array;
    private const TalosctlJsonKind Null = TalosctlJsonKind.Null;

    /// <summary>Every known resource, in file-name order.</summary>
    public static IReadOnlyList<TalosResourceKind> All { get; } =
    [
        new(ApiServerConfig, "APIServerConfigs.kubernetes.talos.dev", false, Obj, [Shape(Obj, Null, "extraArgs")]),
        new(AuditPolicyConfig, "AuditPolicyConfigs.kubernetes.talos.dev", true, Obj, [Shape(Obj, Null, "config")]),
        new(Cmdline, "KernelCmdlines.runtime.talos.dev", false, Obj, [Shape(Str, "cmdline")]),
        new(Extensions, "ExtensionStatuses.runtime.talos.dev", false, Obj,
            [Shape(Str, "image"), Shape(Obj, "metadata"), Shape(Str, "metadata", "name"), Shape(Str, "metadata", "version")]),
        new(KernelParamStatus, "KernelParamStatuses.runtime.talos.dev", false, Obj,
            [Shape(Str, "current"), Shape(Str, "default"), Shape(Bool, "unsupported")]),
        new(KubeletSpec, "KubeletSpecs.kubernetes.talos.dev", false, Obj, [Shape(Arr, Null, "args"), Shape(Obj, Null, "config")]),
        new(MachineConfig, "MachineConfigs.config.talos.dev", true, Str, []),
        new(Mounts, "MountStatuses.runtime.talos.dev", false, Obj, [Shape(Bool, "encrypted"), Shape(Arr, "encryptionProviders")]),
        new(NfTablesChain, "NfTablesChains.net.talos.dev", false, Obj,
            [Shape(Str, "type"), Shape(Str, "hook"), Shape(Str, "policy"), Shape(Arr, Null, "rules")]),
        new(SecurityState, "SecurityStates.talos.dev", false, Obj,
            [
                Shape(Bool, "secureBoot"), Shape(Str, "selinuxState"), Shape(Bool, "moduleSignatureEnforced"), Shape(Bool, "bootedWithUKI"),
                Shape(Str, "fipsState"), Shape(Str, "ukiSigningKeyFingerprint"), Shape(Str, "pcrSigningKeyFingerprint"),
            ]),
        new(StaticPods, "StaticPods.kubernetes.talos.dev", false, Obj, [Shape(Str, "kind"), Shape(Obj, "metadata"), Shape(Obj, "spec")]),
        new(VolumeStatus, "VolumeStatuses.block.talos.dev", false, Obj,
            [
                Shape(Str, "phase"), Shape(Str, "type"), Shape(Str, "encryptionProvider"), Shape(Arr, "configuredEncryptionKeys"),
                Shape(Str, "configuredEncryptionKeys", "[]"), Shape(Bool, "encryptionLockedToState"),
            ]),
    ];

    /// <summary>The resource a bundle file is named after; null for a name outside the contract.</summary>
    public static TalosResourceKind? Find(string name) => All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.Ordinal));

    private static TalosFieldShape Shape(TalosctlJsonKind kind, params string[] keys) => new(keys, kind);

    private static TalosFieldShape Shape(TalosctlJsonKind kind, TalosctlJsonKind orKind, params string[] keys) => new(keys, kind, orKind);
}
