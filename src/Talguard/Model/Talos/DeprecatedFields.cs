namespace Talguard.Model.Talos;

/// <summary>A deprecated field of a v1alpha1 document and the Talos release that deprecated it.</summary>
public sealed record DeprecatedField(string Path, YamlNode Node, TalosVersion Since);

/// <summary>
/// The fields Talos still reads but has deprecated (hidden from the schema, some ignored), in a full v1alpha1
/// config or a bare <c>machine:</c> patch: the one place that says which and since when.
/// </summary>
public static class DeprecatedFields
{
    public const string SystemDiskEncryption = "machine.systemDiskEncryption";
    public const string Network = "machine.network";
    public const string ExtraKernelArgs = "machine.install.extraKernelArgs";

    /// <summary>The feature flags Talos ignores and locks on.</summary>
    public static readonly IReadOnlyList<string> LockedFeatures = ["rbac", "apidCheckExtKeyUsage"];

    private static readonly TalosVersion V111 = new(1, 11);
    private static readonly TalosVersion V112 = new(1, 12);

    /// <summary>The deprecated fields present in <paramref name="main"/>, in a fixed order.</summary>
    public static IEnumerable<DeprecatedField> In(LocatedDocument main)
    {
        if (main.At("machine", "systemDiskEncryption") is { } legacy)
        {
            yield return new DeprecatedField(SystemDiskEncryption, legacy, V111);
        }

        foreach (var name in LockedFeatures)
        {
            if (main.At("machine", "features", name) is { } feature)
            {
                yield return new DeprecatedField("machine.features." + name, feature, V112);
            }
        }

        // gen config writes an empty `network: {}`: only settings in it are worth moving.
        if (main.At("machine", "network") is { IsMapping: true, Entries.Count: > 0 } network)
        {
            yield return new DeprecatedField(Network, network, V112);
        }

        if (main.At("machine", "install", "extraKernelArgs") is { } kernelArgs)
        {
            yield return new DeprecatedField(ExtraKernelArgs, kernelArgs, V112);
        }
    }
}
