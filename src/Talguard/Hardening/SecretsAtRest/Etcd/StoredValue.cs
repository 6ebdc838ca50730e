using System.Text;
using Talguard.Formats;

namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>
/// A value as the apiserver stored it: plaintext (<c>k8s\0</c> protobuf envelope or JSON), or
/// <c>k8s:enc:&lt;provider&gt;:&lt;version&gt;:&lt;key name&gt;:</c> followed by a binary payload. Only the first five
/// ':'-separated fields are text; the payload may contain ':' and is never split.
/// </summary>
public readonly ref struct StoredValue
{
    private const int MaxNameLength = 256;

    private StoredValue(StorageProvider provider, string keyName, string? kmsKeyId, ReadOnlySpan<byte> payload)
    {
        Provider = provider;
        KeyName = keyName;
        KmsKeyId = kmsKeyId;
        Payload = payload;
    }

    public StorageProvider Provider { get; }

    /// <summary>The key (or KMS provider) name from the prefix; empty for plaintext.</summary>
    public string KeyName { get; }

    /// <summary>For KMS v2: the keyID recorded in the EncryptedObject.</summary>
    public string? KmsKeyId { get; }

    /// <summary>The bytes after the prefix (the whole value for plaintext).</summary>
    public ReadOnlySpan<byte> Payload { get; }

    public bool IsEncrypted => Provider is not (StorageProvider.Identity or StorageProvider.Unknown);

    public static StoredValue Classify(ReadOnlySpan<byte> value)
    {
        if (value.StartsWith("k8s:enc:"u8))
        {
            return ClassifyEncrypted(value);
        }

        if (value.StartsWith("k8s\0"u8) || value.TrimStart(" \t\r\n"u8).StartsWith("{"u8))
        {
            return new StoredValue(StorageProvider.Identity, string.Empty, null, value);
        }

        return new StoredValue(StorageProvider.Unknown, string.Empty, null, value);
    }

    private static StoredValue ClassifyEncrypted(ReadOnlySpan<byte> value)
    {
        var rest = value["k8s:enc:"u8.Length..];
        if (!TakeField(ref rest, out var provider) || !TakeField(ref rest, out var version) || !TakeField(ref rest, out var name) || name.Length > MaxNameLength)
        {
            return new StoredValue(StorageProvider.Unknown, string.Empty, null, value);
        }

        var kind = ProviderOf(provider, version);
        var keyName = Encoding.UTF8.GetString(name);
        return new StoredValue(kind, keyName, kind == StorageProvider.KmsV2 ? KmsV2KeyId(rest) : null, rest);
    }

    private static StorageProvider ProviderOf(ReadOnlySpan<byte> provider, ReadOnlySpan<byte> version)
    {
        if (version.SequenceEqual("v1"u8))
        {
            return provider.SequenceEqual("aescbc"u8) ? StorageProvider.AesCbc
                : provider.SequenceEqual("aesgcm"u8) ? StorageProvider.AesGcm
                : provider.SequenceEqual("secretbox"u8) ? StorageProvider.Secretbox
                : provider.SequenceEqual("kms"u8) ? StorageProvider.KmsV1
                : StorageProvider.Unknown;
        }

        return version.SequenceEqual("v2"u8) && provider.SequenceEqual("kms"u8) ? StorageProvider.KmsV2 : StorageProvider.Unknown;
    }

    private static bool TakeField(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> field)
    {
        var colon = rest.IndexOf((byte)':');
        if (colon < 0)
        {
            field = default;
            return false;
        }

        field = rest[..colon];
        rest = rest[(colon + 1)..];
        return true;
    }

    /// <summary>Field 2 (keyID) of the KMS v2 <c>EncryptedObject</c>; null when the payload is not one.</summary>
    private static string? KmsV2KeyId(ReadOnlySpan<byte> payload)
    {
        var reader = new ProtoReader(payload);
        string? keyId = null;
        while (reader.TryNext())
        {
            if (reader.Field == 2 && reader.WireType == 2 && reader.Bytes.Length <= MaxNameLength)
            {
                keyId = Encoding.UTF8.GetString(reader.Bytes);
            }
        }

        return reader.AtEnd ? keyId : null;
    }
}
