using System.Buffers;
using System.Security.Cryptography;

namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>
/// Decrypts a stored value in memory with the configured key to prove it is intact: AES-CBC padding (and a
/// plaintext envelope behind it), AES-GCM and secretbox authentication. The plaintext is zeroed and dropped.
/// </summary>
public static class IntegrityCheck
{
    private const int AesBlock = 16;
    private const int GcmNonce = 12;
    private const int GcmTag = 16;

    /// <summary>True/false when <paramref name="key"/> can check this provider; null for KMS and plaintext.</summary>
    public static bool? Verify(StorageProvider provider, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> etcdKey, byte[] key) => provider switch
    {
        StorageProvider.AesCbc => WithBuffer(payload.Length, payload, etcdKey, key, CbcIntact),
        StorageProvider.AesGcm => WithBuffer(Math.Max(0, payload.Length - GcmNonce - GcmTag), payload, etcdKey, key, GcmIntact),
        StorageProvider.Secretbox => WithBuffer(Math.Max(0, payload.Length - XSalsa20Poly1305.NonceSize - XSalsa20Poly1305.TagSize), payload, etcdKey, key, (p, _, k, plain) => XSalsa20Poly1305.TryOpen(k, p, plain)),
        _ => null,
    };

    private delegate bool Decryptor(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> etcdKey, byte[] key, Span<byte> plaintext);

    private static bool WithBuffer(int size, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> etcdKey, byte[] key, Decryptor decrypt)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        try
        {
            return decrypt(payload, etcdKey, key, buffer.AsSpan(0, size));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool CbcIntact(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> etcdKey, byte[] key, Span<byte> plaintext)
    {
        var ciphertext = payload.Length > AesBlock ? payload[AesBlock..] : default;
        if (ciphertext.IsEmpty || ciphertext.Length % AesBlock != 0)
        {
            return false;
        }

        using var aes = Aes.Create();
        aes.Key = key;
        var written = aes.DecryptCbc(ciphertext, payload[..AesBlock], plaintext, PaddingMode.None);
        var padding = plaintext[written - 1];
        if (padding is 0 or > AesBlock || plaintext[(written - padding)..written].ContainsAnyExcept(padding))
        {
            return false;
        }

        var message = plaintext[..(written - padding)];
        return message.StartsWith("k8s\0"u8) || message.TrimStart(" \t\r\n"u8).StartsWith("{"u8);
    }

    private static bool GcmIntact(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> etcdKey, byte[] key, Span<byte> plaintext)
    {
        if (payload.Length < GcmNonce + GcmTag)
        {
            return false;
        }

        using var gcm = new AesGcm(key, GcmTag);
        try
        {
            gcm.Decrypt(payload[..GcmNonce], payload[GcmNonce..^GcmTag], payload[^GcmTag..], plaintext, etcdKey);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }
}
