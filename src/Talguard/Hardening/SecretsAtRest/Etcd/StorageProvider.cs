namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>How the apiserver stored a value: the EncryptionConfiguration provider that wrote it.</summary>
public enum StorageProvider
{
    Identity,
    AesCbc,
    AesGcm,
    Secretbox,
    KmsV1,
    KmsV2,

    /// <summary>Neither a known <c>k8s:enc:</c> prefix nor a plaintext envelope (protobuf or JSON).</summary>
    Unknown,
}

public static class StorageProviderNames
{
    /// <summary>The name used in reports and the inventory JSON.</summary>
    public static string ToName(this StorageProvider provider) => provider switch
    {
        StorageProvider.Identity => "identity",
        StorageProvider.AesCbc => "aescbc",
        StorageProvider.AesGcm => "aesgcm",
        StorageProvider.Secretbox => "secretbox",
        StorageProvider.KmsV1 => "kms-v1",
        StorageProvider.KmsV2 => "kms-v2",
        _ => "unknown",
    };
}
