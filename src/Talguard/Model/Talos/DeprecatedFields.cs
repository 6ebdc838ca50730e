namespace Talguard.Model.Talos;

/// <summary>A deprecated field of a v1alpha1 document and the Talos release that deprecated it.</summary>
public sealed record DeprecatedField(string Path, YamlNode Node, TalosVersion Since);

/// <summary>
/// The fields Talos still reads but has deprecated (hidden from the schema, some ignored), in a full v1alpha1
/// config or a bare <c>machine:</c> patch: which, and since when (the model's release data).
/// </summary>
public static class DeprecatedFields
{
    public const string SystemDiskEncryption = "machine.systemDiskEncryption";
    public const string Network = "machine.network";
    public const string ExtraKernelArgs = "machine.install.extraKernelArgs";

    /// <summary>The feature flags Talos ignores and locks on, and since when.</summary>
    public static readonly IReadOnlyList<(string Name, TalosVersion Since)> LockedFeatures =
    [
        ("rbac", HiddenSince("machine", "features", "rbac")),
        ("apidCheckExtKeyUsage", HiddenSince("machine", "features", "apidCheckExtKeyUsage")),
    ];

    private static readonly TalosVersion SystemDiskEncryptionSince = HiddenSince("machine", "systemDiskEncryption");

    private static readonly TalosVersion ExtraKernelArgsSince = HiddenSince("machine", "install", "extraKernelArgs");

    /// <summary>
    /// Talos hides <c>machine.network</c> from the v1.13 schema, but deprecated it in v1.12 when the network
    /// documents arrived.
    /// </summary>
    private static readonly TalosVersion NetworkSince = new(1, 12);

    /// <summary>The deprecated fields present in <paramref name="main"/>, in a fixed order.</summary>
    public static IEnumerable<DeprecatedField> In(LocatedDocument main)
    {
        if (main.At("machine", "systemDiskEncryption") is { } legacy)
        {
            yield return new DeprecatedField(SystemDiskEncryption, legacy, SystemDiskEncryptionSince);
        }

        foreach (var (name, since) in LockedFeatures)
        {
            if (main.At("machine", "features", name) is { } feature)
            {
                yield return new DeprecatedField("machine.features." + name, feature, since);
            }
        }

        // gen config writes an empty `network: {}`: only settings in it are worth moving.
        if (main.At("machine", "network") is { IsMapping: true, Entries.Count: > 0 } network)
        {
            yield return new DeprecatedField(Network, network, NetworkSince);
        }

        if (main.At("machine", "install", "extraKernelArgs") is { } kernelArgs)
        {
            yield return new DeprecatedField(ExtraKernelArgs, kernelArgs, ExtraKernelArgsSince);
        }
    }

    /// <summary>The release from which the model hides a field of the v1alpha1 document.</summary>
    private static TalosVersion HiddenSince(params string[] path)
    {
        var shape = TalosModel.MainDocument.Shape;
        TalosField? field = null;
        foreach (var key in path)
        {
            field = shape.Find(key) ?? throw new InvalidOperationException($"the Talos model has no field {key}");
            shape = field.Shape as ObjectShape ?? shape;
        }

        return field?.HiddenSince ?? throw new InvalidOperationException($"the Talos model does not hide {string.Join('.', path)}");
    }
}
