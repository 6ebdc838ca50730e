
namespace Talguard.Model.Talos;

/// <summary>The single key type a LUKS2 key slot declares.</summary>
public enum EncryptionKeyType
{
    Static,
    NodeId,
    Kms,
    Tpm,
}

/// <summary>
/// One entry of an encryption <c>keys</c> list, its fields as nodes of the document it came from;
/// <see cref="Type"/> is null when it declares zero or several types (<see cref="TypeCount"/>, a CONF finding).
/// </summary>
public sealed record EncryptionKey(YamlNode Node, EncryptionKeyType? Type, int TypeCount)
{
    public YamlNode? Slot => Node["slot"];

    /// <summary>The <c>static</c> mapping (also of a malformed key that lists static among others).</summary>
    public YamlNode? Static => Present(Node["static"]);

    /// <summary>The literal <c>static.passphrase</c> scalar; never copy its value into output.</summary>
    public YamlNode? StaticPassphrase => Static?["passphrase"] is { IsScalar: true, IsNull: false } passphrase ? passphrase : null;

    public YamlNode? Kms => Present(Node["kms"]);

    public YamlNode? KmsEndpoint => Kms?["endpoint"] is { IsScalar: true } endpoint ? endpoint : null;

    /// <summary>The <c>tpm</c> mapping of a TPM key (also of a malformed key that lists tpm among others).</summary>
    public YamlNode? Tpm => Present(Node["tpm"]) is { IsMapping: true } tpm ? tpm : null;

    public YamlNode? TpmCheckSecureBootOnEnroll => Tpm?["checkSecurebootStatusOnEnroll"];

    /// <summary><c>tpm.options</c> (Talos v1.12+).</summary>
    public YamlNode? TpmOptions => Tpm?["options"];

    /// <summary><c>tpm.options.pcrs</c> (Talos v1.12+).</summary>
    public YamlNode? TpmPcrs => TpmOptions?["pcrs"];

    /// <summary><c>lockToState</c> (VolumeConfig-like documents, v1.11+).</summary>
    public YamlNode? LockToState => Node["lockToState"];

    internal static YamlNode? Present(YamlNode? node) => node is null || node.IsNull ? null : node;
}

/// <summary>
/// A LUKS2 <c>encryption</c> block: in a VolumeConfig-like document (<c>encryption:</c>) or in the legacy
/// <c>machine.systemDiskEncryption.state|ephemeral</c> of the main document (a full config or a bare patch).
/// </summary>
public sealed record EncryptedVolume(LocatedDocument Document, YamlNode Encryption, string Kind, string Name, bool IsLegacy)
{
    public const string State = "STATE";
    public const string Ephemeral = "EPHEMERAL";

    public YamlNode? Provider => Encryption["provider"];

    public YamlNode? Cipher => Encryption["cipher"];

    public YamlNode? Options => Encryption["options"];

    /// <summary>The <c>keys</c> field whatever its shape, or null when absent.</summary>
    public YamlNode? KeysField => Encryption["keys"];

    /// <summary>The <c>keys</c> sequence, or null when missing or not a list.</summary>
    public YamlNode? KeyList => KeysField is { IsSequence: true } keys ? keys : null;

    public IReadOnlyList<EncryptionKey> Keys => KeyList is { } list ? [.. list.Items.Select(ToKey)] : [];

    /// <summary>True when the block is a system volume's (STATE or EPHEMERAL): a VolumeConfig or the legacy field.</summary>
    public bool IsSystemVolume(string name) => (IsLegacy || Kind == DiskEncryptionSettings.VolumeConfigKind) && Name == name;

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

        return new EncryptionKey(key, count == 1 ? type : null, count);
    }

    private static readonly (string Field, EncryptionKeyType Type)[] KeyFields =
    [
        ("static", EncryptionKeyType.Static),
        ("nodeID", EncryptionKeyType.NodeId),
        ("kms", EncryptionKeyType.Kms),
        ("tpm", EncryptionKeyType.Tpm),
    ];
}

/// <summary>A key of an encrypted volume.</summary>
public readonly record struct VolumeKey(EncryptedVolume Volume, EncryptionKey Key);

/// <summary>
/// Disk encryption of one Talos file, wherever Talos takes it: the legacy <c>machine.systemDiskEncryption</c>
/// of the main document (a full config or a bare <c>machine:</c> patch) and the <c>encryption</c> of the
/// VolumeConfig, UserVolumeConfig, RawVolumeConfig and SwapVolumeConfig documents (v1.11+). Every value is a
/// node of its document, so findings point at its line.
/// </summary>
public sealed class DiskEncryptionSettings
{
    public const string VolumeConfigKind = "VolumeConfig";
    public const string UserVolumeConfigKind = "UserVolumeConfig";

    /// <summary>Document kinds whose <c>encryption</c> field is an EncryptionSpec.</summary>
    public static readonly IReadOnlyList<string> DocumentKinds = [VolumeConfigKind, UserVolumeConfigKind, "RawVolumeConfig", "SwapVolumeConfig"];

    private DiskEncryptionSettings(TalosConfigFile file)
    {
        File = file;
        var volumes = new List<EncryptedVolume>();
        if (file.Main is { } main)
        {
            LegacyField = main.At("machine", "systemDiskEncryption");
            volumes.AddRange(Legacy(main));
        }

        VolumeDocuments = [.. file.Documents.Where(d => d.Class == DocumentClass.TalosDocument && DocumentKinds.Contains(d.Kind))];
        foreach (var document in VolumeDocuments)
        {
            if (document.At("encryption") is { IsMapping: true } encryption)
            {
                volumes.Add(new EncryptedVolume(document, encryption, document.Kind, document.At("name")?.AsString() ?? string.Empty, IsLegacy: false));
            }
        }

        Volumes = volumes;
    }

    public TalosConfigFile File { get; }

    /// <summary>Every encryption block, the legacy ones first.</summary>
    public IReadOnlyList<EncryptedVolume> Volumes { get; }

    /// <summary>The legacy <c>machine.systemDiskEncryption</c> field of the main document, whatever its shape.</summary>
    public YamlNode? LegacyField { get; }

    /// <summary>Every VolumeConfig-like document, with or without encryption.</summary>
    public IReadOnlyList<LocatedDocument> VolumeDocuments { get; }

    /// <summary>Every key of every encryption block, with its volume.</summary>
    public IEnumerable<VolumeKey> Keys => Volumes.SelectMany(v => v.Keys.Select(k => new VolumeKey(v, k)));

    /// <summary>Every TPM key, with its volume.</summary>
    public IEnumerable<VolumeKey> TpmKeys => Keys.Where(k => k.Key.Tpm is not null);

    /// <summary>The settings of a file, read once however many rules ask.</summary>
    public static DiskEncryptionSettings Of(TalosConfigFile file) => file.View(static f => new DiskEncryptionSettings(f));

    /// <summary>The legacy <c>machine.systemDiskEncryption</c> STATE and EPHEMERAL blocks of a main document (config or bare patch).</summary>
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

    /// <summary>The VolumeConfig documents of a system volume (STATE, EPHEMERAL), with or without encryption.</summary>
    public IEnumerable<LocatedDocument> VolumeConfigs(string name) =>
        VolumeDocuments.Where(d => d.Kind == VolumeConfigKind && d.At("name")?.AsString() == name);

    /// <summary>Whether a system volume is encrypted, by a VolumeConfig or the legacy field.</summary>
    public bool Encrypts(string systemVolume) => Volumes.Any(v => v.IsSystemVolume(systemVolume));
}
