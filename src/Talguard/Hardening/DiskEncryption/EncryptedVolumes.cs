using Talguard.Model;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>The single key type a LUKS2 key slot declares.</summary>
public enum EncryptionKeyType
{
    Static,
    NodeId,
    Kms,
    Tpm,
}

/// <summary>One entry of an encryption <c>keys</c> list; <see cref="Type"/> is null when it declares zero or several types (a CONF finding).</summary>
public sealed record EncryptionKey(YamlNode Node, EncryptionKeyType? Type)
{
    /// <summary>The <c>tpm</c> mapping of a TPM key (also of a malformed key that lists tpm among others).</summary>
    public YamlNode? Tpm => Present(Node["tpm"]);

    public YamlNode? Kms => Present(Node["kms"]);

    public YamlNode? Static => Present(Node["static"]);

    internal static YamlNode? Present(YamlNode? node) => node is null || node.IsNull ? null : node;
}

/// <summary>
/// A LUKS2 <c>encryption</c> block: in a VolumeConfig-like document (<c>encryption:</c>) or in the legacy
/// <c>machine.systemDiskEncryption.state|ephemeral</c> of the main document.
/// </summary>
public sealed record EncryptedVolume(LocatedDocument Document, YamlNode Encryption, string Kind, string Name, bool IsLegacy)
{
    public const string State = "STATE";
    public const string Ephemeral = "EPHEMERAL";

    /// <summary>The <c>keys</c> sequence, or null when missing or not a list.</summary>
    public YamlNode? KeyList => Encryption["keys"] is { IsSequence: true } keys ? keys : null;

    public IReadOnlyList<EncryptionKey> Keys => KeyList is { } list ? [.. list.Items.Select(ToKey)] : [];

    /// <summary>True when the block is a system volume's (STATE or EPHEMERAL): a VolumeConfig or the legacy field.</summary>
    public bool IsSystemVolume(string name) => (IsLegacy || Kind == "VolumeConfig") && Name == name;

    private static EncryptionKey ToKey(YamlNode key)
    {
        EncryptionKeyType? type = null;
        var count = 0;
        foreach (var (field, candidate) in KeyFields)
        {
            if (EncryptionKey.Present(key[field]) is not null)
            {
                type = candidate;
                count++;
            }
        }

        return new EncryptionKey(key, count == 1 ? type : null);
    }

    private static readonly (string Field, EncryptionKeyType Type)[] KeyFields =
    [
        ("static", EncryptionKeyType.Static),
        ("nodeID", EncryptionKeyType.NodeId),
        ("kms", EncryptionKeyType.Kms),
        ("tpm", EncryptionKeyType.Tpm),
    ];
}

/// <summary>Finds every encryption block of a Talos config file.</summary>
public static class EncryptedVolumes
{
    /// <summary>Document kinds whose <c>encryption</c> field is an EncryptionSpec.</summary>
    public static readonly IReadOnlyList<string> DocumentKinds = ["VolumeConfig", "UserVolumeConfig", "RawVolumeConfig", "SwapVolumeConfig"];

    /// <summary>The legacy <c>machine.systemDiskEncryption</c> STATE and EPHEMERAL blocks of a main document.</summary>
    public static IEnumerable<EncryptedVolume> Legacy(LocatedDocument main)
    {
        if (main.At("machine", "systemDiskEncryption") is not { IsMapping: true } legacy)
        {
            yield break;
        }

        foreach (var (key, name) in new[] { ("state", EncryptedVolume.State), ("ephemeral", EncryptedVolume.Ephemeral) })
        {
            if (legacy[key] is { IsMapping: true } block)
            {
                yield return new EncryptedVolume(main, block, main.Kind, name, IsLegacy: true);
            }
        }
    }

    public static IEnumerable<EncryptedVolume> In(TalosConfigFile file)
    {
        if (file.MachineConfig is { } main)
        {
            foreach (var volume in Legacy(main))
            {
                yield return volume;
            }
        }

        foreach (var document in file.Documents)
        {
            if (document.Class == DocumentClass.TalosDocument && DocumentKinds.Contains(document.Kind)
                && document.At("encryption") is { IsMapping: true } encryption)
            {
                yield return new EncryptedVolume(document, encryption, document.Kind, document.At("name")?.AsString() ?? string.Empty, IsLegacy: false);
            }
        }
    }

    /// <summary>Every key of every encryption block in the Talos files of the model (node configs and patches), with its volume.</summary>
    public static IEnumerable<(EncryptedVolume Volume, EncryptionKey Key)> Keys(ClusterModel model) =>
        from file in model.TalosFiles
        from volume in In(file)
        from key in volume.Keys
        select (volume, key);

    /// <summary>Every TPM key of the file, with its volume.</summary>
    public static IEnumerable<(EncryptedVolume Volume, EncryptionKey Key, YamlNode Tpm)> TpmKeys(TalosConfigFile file) =>
        from volume in In(file)
        from key in volume.Keys
        where key.Tpm is { IsMapping: true }
        select (volume, key, key.Tpm!);
}
