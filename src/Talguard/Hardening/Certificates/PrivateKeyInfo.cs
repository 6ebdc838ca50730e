using System.Formats.Asn1;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Talguard.Hardening.Certificates;

/// <summary>
/// What a private key PEM block says about itself without ever exposing it: its algorithm and the public key it
/// belongs to (DER SubjectPublicKeyInfo), so it can be matched against certificates. Key bytes are read into
/// memory only to derive the public half; nothing here keeps or prints them.
/// </summary>
internal static class PrivateKeyInfo
{
    public static readonly HashSet<string> Labels = new(StringComparer.Ordinal)
    {
        "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ED25519 PRIVATE KEY", "ENCRYPTED PRIVATE KEY",
    };

    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";
    private const string Ed25519Oid = "1.3.101.112";

    /// <summary>DER SubjectPublicKeyInfo prefix of an Ed25519 key (RFC 8410): the 32 key bytes follow.</summary>
    private static readonly byte[] Ed25519SpkiPrefix = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00];

    /// <summary>
    /// The public key of <paramref name="block"/> as DER SubjectPublicKeyInfo; null when it cannot be worked out here
    /// (an algorithm other than RSA, ECDSA and Ed25519, or Ed25519 without OpenSSL). Throws <see cref="CryptographicException"/>
    /// for a block that is not a private key of its kind.
    /// </summary>
    public static byte[]? PublicKey(PemBlock block)
    {
        switch (block.Label)
        {
            case "RSA PRIVATE KEY":
                using (var rsa = RSA.Create())
                {
                    rsa.ImportRSAPrivateKey(block.Der, out _);
                    return rsa.ExportSubjectPublicKeyInfo();
                }

            case "EC PRIVATE KEY":
                using (var ec = ECDsa.Create())
                {
                    ec.ImportECPrivateKey(block.Der, out _);
                    return ec.ExportSubjectPublicKeyInfo();
                }

            default:
                return Pkcs8PublicKey(block.Der);
        }
    }

    /// <summary>The public key a certificate carries, as DER SubjectPublicKeyInfo.</summary>
    public static byte[] PublicKey(X509Certificate2 certificate) => certificate.PublicKey.ExportSubjectPublicKeyInfo();

    private static byte[]? Pkcs8PublicKey(byte[] der)
    {
        string algorithm;
        byte[] inner;
        try
        {
            var info = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
            _ = info.ReadInteger();
            var algorithmIdentifier = info.ReadSequence();
            algorithm = algorithmIdentifier.ReadObjectIdentifier();
            inner = info.ReadOctetString();
        }
        catch (AsnContentException ex)
        {
            throw new CryptographicException("not a PKCS #8 private key", ex);
        }

        switch (algorithm)
        {
            case RsaOid:
                using (var rsa = RSA.Create())
                {
                    rsa.ImportPkcs8PrivateKey(der, out _);
                    return rsa.ExportSubjectPublicKeyInfo();
                }

            case EcOid:
                using (var ec = ECDsa.Create())
                {
                    ec.ImportPkcs8PrivateKey(der, out _);
                    return ec.ExportSubjectPublicKeyInfo();
                }

            case Ed25519Oid:
                byte[] seed;
                try
                {
                    seed = new AsnReader(inner, AsnEncodingRules.BER).ReadOctetString();
                }
                catch (AsnContentException ex)
                {
                    throw new CryptographicException("not an Ed25519 private key", ex);
                }

                if (seed.Length != 32)
                {
                    throw new CryptographicException("not an Ed25519 private key");
                }

                var publicKey = Ed25519.PublicKeyOf(seed);
                CryptographicOperations.ZeroMemory(seed);
                return publicKey is null ? null : [.. Ed25519SpkiPrefix, .. publicKey];
            default:
                return null;
        }
    }

    /// <summary>
    /// .NET has no Ed25519, and Talos's OS CA and talosconfig keys are Ed25519: the public half comes from the OpenSSL
    /// that .NET itself uses on Linux (EVP raw keys, OpenSSL 1.1.1 and 3). Where it is missing the key is left unmatched.
    /// </summary>
    private static unsafe class Ed25519
    {
        private const int EvpPkeyEd25519 = 1087;

        private static readonly nint Library = Load();

        public static byte[]? PublicKeyOf(byte[] seed)
        {
            if (Library == 0
                || !NativeLibrary.TryGetExport(Library, "EVP_PKEY_new_raw_private_key", out var create)
                || !NativeLibrary.TryGetExport(Library, "EVP_PKEY_get_raw_public_key", out var publicOf)
                || !NativeLibrary.TryGetExport(Library, "EVP_PKEY_free", out var free))
            {
                return null;
            }

            nint key;
            fixed (byte* seedBytes = seed)
            {
                key = ((delegate* unmanaged<int, nint, byte*, nuint, nint>)create)(EvpPkeyEd25519, 0, seedBytes, (nuint)seed.Length);
            }

            if (key == 0)
            {
                throw new CryptographicException("not an Ed25519 private key");
            }

            try
            {
                var publicKey = new byte[32];
                nuint length = 32;
                fixed (byte* output = publicKey)
                {
                    return ((delegate* unmanaged<nint, byte*, nuint*, int>)publicOf)(key, output, &length) == 1 && length == 32 ? publicKey : null;
                }
            }
            finally
            {
                ((delegate* unmanaged<nint, void>)free)(key);
            }
        }

        private static nint Load()
        {
            foreach (var name in (string[])["libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.3.dylib"])
            {
                if (NativeLibrary.TryLoad(name, out var handle))
                {
                    return handle;
                }
            }

            return 0;
        }
    }
}
