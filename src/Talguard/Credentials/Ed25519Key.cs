using System.Formats.Asn1;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Talguard.Credentials;

/// <summary>
/// An Ed25519 private key, held and used by OpenSSL 3's libcrypto: .NET's System.Security.Cryptography has no
/// Ed25519, and the Talos API (os) CA and its client certificates are Ed25519. libcrypto is already what .NET's own
/// cryptography loads on Linux, so this adds no package and keeps Native AOT (the calls are source-generated).
/// </summary>
internal sealed partial class Ed25519Key : IDisposable
{
    /// <summary>The algorithm OID of Ed25519 keys and signatures (RFC 8410); the AlgorithmIdentifier has no parameters.</summary>
    public const string Oid = "1.3.101.112";

    public const int SeedLength = 32;

    private const string LibCrypto = "libcrypto.so.3";

    /// <summary>NID_ED25519, which OpenSSL uses as the EVP_PKEY type.</summary>
    private const int EvpPkeyEd25519 = 1087;

    private const int SignatureLength = 64;

    private readonly EvpPkeyHandle _key;

    private Ed25519Key(EvpPkeyHandle key, byte[] publicKey)
    {
        _key = key;
        PublicKey = publicKey;
    }

    /// <summary>The raw 32-byte public key.</summary>
    public byte[] PublicKey { get; }

    /// <summary>A new key from 32 random bytes.</summary>
    public static Ed25519Key Generate()
    {
        var seed = RandomNumberGenerator.GetBytes(SeedLength);
        try
        {
            return FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>
    /// The key in a PKCS#8 PrivateKeyInfo (RFC 8410: the seed as an OCTET STRING inside the privateKey OCTET STRING);
    /// null when the PKCS#8 holds another algorithm.
    /// </summary>
    public static Ed25519Key? FromPkcs8(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        var info = reader.ReadSequence();
        _ = info.ReadInteger();
        var algorithm = info.ReadSequence();
        if (algorithm.ReadObjectIdentifier() != Oid)
        {
            return null;
        }

        var inner = new AsnReader(info.ReadOctetString(), AsnEncodingRules.DER);
        var seed = inner.ReadOctetString();
        try
        {
            return seed.Length == SeedLength ? FromSeed(seed) : throw new CryptographicException("an Ed25519 private key is 32 bytes");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>Whether <paramref name="certificate"/> carries this key's public half.</summary>
    public bool Matches(X509Certificate2 certificate) =>
        certificate.PublicKey.Oid.Value == Oid && certificate.PublicKey.EncodedKeyValue.RawData.AsSpan().SequenceEqual(PublicKey);

    /// <summary>The SubjectPublicKeyInfo DER of the public key.</summary>
    public byte[] SubjectPublicKeyInfo()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Oid);
            }

            writer.WriteBitString(PublicKey);
        }

        return writer.Encode();
    }

    /// <summary>The private key as PEM PKCS#8 (<c>PRIVATE KEY</c>), which openssl, Go's crypto/tls and talosctl read.</summary>
    public string ExportPkcs8Pem()
    {
        var seed = new byte[SeedLength];
        var length = (nuint)SeedLength;
        if (EvpPkeyGetRawPrivateKey(_key, seed, ref length) != 1 || length != SeedLength)
        {
            throw new CryptographicException("libcrypto could not export the Ed25519 key");
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Oid);
            }

            var inner = new AsnWriter(AsnEncodingRules.DER);
            inner.WriteOctetString(seed);
            writer.WriteOctetString(inner.Encode());
        }

        var der = writer.Encode();
        CryptographicOperations.ZeroMemory(seed);
        var pem = new string(PemEncoding.Write("PRIVATE KEY", der)) + "\n";
        CryptographicOperations.ZeroMemory(der);
        return pem;
    }

    /// <summary>The 64-byte Ed25519 signature of <paramref name="data"/> (pure Ed25519: the message itself, no prehash).</summary>
    public byte[] Sign(byte[] data)
    {
        var context = EvpMdCtxNew();
        if (context == IntPtr.Zero)
        {
            throw new CryptographicException("libcrypto could not allocate a signing context");
        }

        try
        {
            var signature = new byte[SignatureLength];
            var length = (nuint)SignatureLength;
            if (EvpDigestSignInit(context, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, _key) != 1 ||
                EvpDigestSign(context, signature, ref length, data, (nuint)data.Length) != 1 || length != SignatureLength)
            {
                throw new CryptographicException("libcrypto could not sign with the Ed25519 key");
            }

            return signature;
        }
        finally
        {
            EvpMdCtxFree(context);
        }
    }

    public void Dispose() => _key.Dispose();

    /// <summary>Whether libcrypto can be loaded here (OpenSSL 3, Debian package libssl3).</summary>
    public static bool IsAvailable() => NativeLibrary.TryLoad(LibCrypto, typeof(Ed25519Key).Assembly, null, out _);

    private static Ed25519Key FromSeed(byte[] seed)
    {
        var key = EvpPkeyNewRawPrivateKey(EvpPkeyEd25519, IntPtr.Zero, seed, (nuint)seed.Length);
        if (key.IsInvalid)
        {
            key.Dispose();
            throw new CryptographicException("libcrypto refused the Ed25519 key");
        }

        var publicKey = new byte[SeedLength];
        var length = (nuint)SeedLength;
        if (EvpPkeyGetRawPublicKey(key, publicKey, ref length) != 1 || length != SeedLength)
        {
            key.Dispose();
            throw new CryptographicException("libcrypto could not derive the Ed25519 public key");
        }

        return new Ed25519Key(key, publicKey);
    }

    [LibraryImport(LibCrypto, EntryPoint = "EVP_PKEY_new_raw_private_key")]
    private static partial EvpPkeyHandle EvpPkeyNewRawPrivateKey(int type, IntPtr engine, byte[] key, nuint length);

    [LibraryImport(LibCrypto, EntryPoint = "EVP_PKEY_get_raw_public_key")]
    private static partial int EvpPkeyGetRawPublicKey(EvpPkeyHandle key, byte[] publicKey, ref nuint length);

    [LibraryImport(LibCrypto, EntryPoint = "EVP_PKEY_get_raw_private_key")]
    private static partial int EvpPkeyGetRawPrivateKey(EvpPkeyHandle key, byte[] privateKey, ref nuint length);

    [LibraryImport(LibCrypto, EntryPoint = "EVP_PKEY_free")]
    private static partial void EvpPkeyFree(IntPtr key);

    [LibraryImport(LibCrypto, EntryPoint = "EVP_MD_CTX_new")]
    private static partial IntPtr EvpMdCtxNew();

    [LibraryImport(LibCrypto, EntryPoint = "EVP_MD_CTX_free")]
    private static partial void EvpMdCtxFree(IntPtr context);

    [LibraryImport(LibCrypto, EntryPoint = "EVP_DigestSignInit")]
    private static partial int EvpDigestSignInit(IntPtr context, IntPtr keyContext, IntPtr digest, IntPtr engine, EvpPkeyHandle key);

    [LibraryImport(LibCrypto, EntryPoint = "EVP_DigestSign")]
    private static partial int EvpDigestSign(IntPtr context, byte[] signature, ref nuint signatureLength, byte[] data, nuint dataLength);

    /// <summary>Owns an EVP_PKEY, freed once.</summary>
    private sealed class EvpPkeyHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public EvpPkeyHandle()
            : base(ownsHandle: true)
        {
        }

        protected override bool ReleaseHandle()
        {
            EvpPkeyFree(handle);
            return true;
        }
    }
}
