using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.SecretsAtRest;

/// <summary>
/// Builds values the way the apiserver stores them, independently of the code under test: protobuf/JSON
/// plaintext, aescbc/aesgcm with the BCL, secretbox with the system libsodium (the reference NaCl), KMS v2 shape.
/// </summary>
public static partial class StoredValueWriter
{
    public static byte[] ProtobufSecret(string ns, string name, string secretValue)
    {
        var metadata = Concat(Field(1, name), Field(3, ns));
        var secret = Concat(Field(1, metadata), Field(2, Concat(Field(1, "password"), Field(2, secretValue))), Field(3, "Opaque"));
        var unknown = Concat(Field(1, Concat(Field(1, "v1"), Field(2, "Secret"))), Field(2, secret), Field(3, string.Empty), Field(4, string.Empty));
        return Concat("k8s\0"u8.ToArray(), unknown);
    }

    public static byte[] JsonSecret(string ns, string name, string secretValue) =>
        Encoding.UTF8.GetBytes($$"""{"kind":"Secret","apiVersion":"v1","metadata":{"name":"{{name}}","namespace":"{{ns}}"},"data":{"password":"{{Convert.ToBase64String(Encoding.UTF8.GetBytes(secretValue))}}"},"type":"Opaque"}""" + "\n");

    public static byte[] AesCbc(string keyName, byte[] key, byte[] plaintext)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var iv = RandomNumberGenerator.GetBytes(16);
        return Concat(Prefix("aescbc", "v1", keyName), iv, aes.EncryptCbc(plaintext, iv, PaddingMode.PKCS7));
    }

    public static byte[] AesGcm(string keyName, byte[] key, byte[] plaintext, string etcdKey)
    {
        using var gcm = new System.Security.Cryptography.AesGcm(key, 16);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        gcm.Encrypt(nonce, plaintext, ciphertext, tag, Encoding.UTF8.GetBytes(etcdKey));
        return Concat(Prefix("aesgcm", "v1", keyName), nonce, ciphertext, tag);
    }

    /// <summary>nonce(24) ‖ crypto_secretbox_easy(...) = nonce ‖ tag ‖ ciphertext, sealed by libsodium.</summary>
    public static byte[] Secretbox(string keyName, byte[] key, byte[] plaintext)
    {
        RequireLibsodium();
        var nonce = RandomNumberGenerator.GetBytes(24);
        var sealedBox = new byte[plaintext.Length + 16];
        if (NativeMethods.crypto_secretbox_easy(sealedBox, plaintext, (ulong)plaintext.Length, nonce, key) != 0)
        {
            throw new InvalidOperationException("crypto_secretbox_easy failed");
        }

        return Concat(Prefix("secretbox", "v1", keyName), nonce, sealedBox);
    }

    /// <summary>A KMS v2 EncryptedObject with the right shape (encryptedData, keyID, encryptedDEKSource, type); not decryptable.</summary>
    public static byte[] KmsV2(string providerName, string keyId) =>
        Concat(Prefix("kms", "v2", providerName), Field(1, RandomNumberGenerator.GetBytes(48)), Field(2, keyId), Field(3, RandomNumberGenerator.GetBytes(32)), [0x28, 0x01]);

    public static void RequireLibsodium()
    {
        if (NativeLibrary.TryLoad(NativeMethods.Libsodium, out _) && NativeMethods.sodium_init() >= 0)
        {
            return;
        }

        const string message = "libsodium (Debian package libsodium23) is not installed; it seals the secretbox test values";
        if (SharedData.IsCi)
        {
            Assert.Fail(message + "; CI=true requires it");
        }

        Support.Skip.Because(message);
    }

    private static byte[] Prefix(string provider, string version, string keyName) => Encoding.ASCII.GetBytes($"k8s:enc:{provider}:{version}:{keyName}:");

    private static byte[] Field(int number, string text) => Field(number, Encoding.UTF8.GetBytes(text));

    private static byte[] Field(int number, byte[] bytes)
    {
        var header = new List<byte> { (byte)((number << 3) | 2) };
        var length = (uint)bytes.Length;
        while (length >= 0x80)
        {
            header.Add((byte)(length | 0x80));
            length >>= 7;
        }

        header.Add((byte)length);
        return Concat([.. header], bytes);
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private static class NativeMethods
    {
        public const string Libsodium = "libsodium.so.23";

        [DllImport(Libsodium)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int sodium_init();

        [DllImport(Libsodium)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int crypto_secretbox_easy(byte[] c, byte[] m, ulong mlen, byte[] n, byte[] k);
    }
}
