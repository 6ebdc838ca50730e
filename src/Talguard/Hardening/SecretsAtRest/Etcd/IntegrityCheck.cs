using System.Buffers;
using System.Security.Cryptography;
using Talguard.Formats;

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
    public static bool? Verify(StorageProvider provider, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> etcdKey, byte[] key)
    {
        if (provider is not (StorageProvider.AesCbc or StorageProvider.AesGcm or StorageProvider.Secretbox))
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(payload.Length, 1));
        try
        {
            return TryDecrypt(provider, payload, etcdKey, key, buffer, out _);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Decrypts <paramref name="payload"/> into <paramref name="destination"/> (at least as long as the payload);
    /// the caller owns the plaintext and must zero it.
    /// </summary>
    internal static bool TryDecrypt(StorageProvider provider, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> etcdKey, byte[] key, Span<byte> destination, out int written)
    {
        written = provider switch
        {
            StorageProvider.AesCbc => payload.Length - AesBlock,
            StorageProvider.AesGcm => payload.Length - GcmNonce - GcmTag,
            StorageProvider.Secretbox => payload.Length - XSalsa20Poly1305.NonceSize - XSalsa20Poly1305.TagSize,
            _ => -1,
        };
        if (written < 0 || destination.Length < written)
        {
            written = 0;
            return false;
        }

        var plaintext = destination[..written];
        var opened = provider switch
        {
            StorageProvider.AesCbc => CbcDecrypt(payload, key, plaintext, ref written),
            StorageProvider.AesGcm => GcmDecrypt(payload, etcdKey, key, plaintext),
            _ => XSalsa20Poly1305.TryOpen(key, payload, plaintext),
        };
        if (!opened)
        {
            written = 0;
        }

        return opened;
    }

    private static bool CbcDecrypt(ReadOnlySpan<byte> payload, byte[] key, Span<byte> plaintext, ref int written)
    {
        var ciphertext = payload[AesBlock..];
        if (ciphertext.IsEmpty || ciphertext.Length % AesBlock != 0)
        {
            return false;
        }

        using var aes = Aes.Create();
        aes.Key = key;
        aes.DecryptCbc(ciphertext, payload[..AesBlock], plaintext, PaddingMode.None);
        var padding = plaintext[^1];
        if (padding is 0 or > AesBlock || plaintext[^padding..].ContainsAnyExcept(padding))
        {
            return false;
        }

        written -= padding;
        var message = plaintext[..written];
        return message.StartsWith("k8s\0"u8) || message.TrimStart(" \t\r\n"u8).StartsWith("{"u8);
    }

    private static bool GcmDecrypt(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> etcdKey, byte[] key, Span<byte> plaintext)
    {
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
