using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Talguard.Model;

namespace Talguard.Hardening.SecureBoot;

/// <summary>Loads certificates and private keys given on the command line; errors never quote key material.</summary>
public static class KeyMaterial
{
    private const int MaxFileSize = 1024 * 1024;

    /// <summary>A certificate in PEM (first CERTIFICATE block) or DER form.</summary>
    public static X509Certificate2 LoadCertificate(string path)
    {
        var bytes = Read(path);
        var der = bytes;
        if (IsPem(bytes))
        {
            var text = Encoding.ASCII.GetString(bytes);
            der = PemEncoding.TryFind(text, out var fields) && text[fields.Label] == "CERTIFICATE" ? DecodeBase64(text[fields.Base64Data]) : [];
        }

        return CertificateFacts.TryLoad(der) ?? throw new InputException(path, "not an X.509 certificate (PEM or DER)");
    }

    /// <summary>An RSA private key in PEM (PKCS#1 or PKCS#8, unencrypted).</summary>
    public static RSA LoadRsaPrivateKey(string path)
    {
        var text = Encoding.ASCII.GetString(Read(path));
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(text);
            return rsa;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw new InputException(path, "not an unencrypted RSA private key in PEM form");
        }
    }

    /// <summary>
    /// Refuses a private key whose public half is not the certificate's, as OpenSSL does when both are given:
    /// a signature made with it would never verify against the certificate.
    /// </summary>
    public static void EnsureKeyMatchesCertificate(string keyPath, RSA key, string certificatePath, X509Certificate2 certificate)
    {
        using var certificateKey = certificate.GetRSAPublicKey() ?? throw new InputException(certificatePath, "the certificate's key is not RSA");
        var fromCertificate = certificateKey.ExportParameters(includePrivateParameters: false);
        var fromKey = key.ExportParameters(includePrivateParameters: false);
        if (!fromCertificate.Modulus.AsSpan().SequenceEqual(fromKey.Modulus) || !fromCertificate.Exponent.AsSpan().SequenceEqual(fromKey.Exponent))
        {
            throw new InputException(keyPath, $"this private key does not match the certificate {certificatePath}");
        }
    }

    /// <summary>
    /// The DER SubjectPublicKeyInfo of a PEM public or private key (RSA or EC), which is what Talos fingerprints
    /// for the PCR signing key. Only the public half is kept.
    /// </summary>
    public static byte[] LoadPublicKeyInfo(string path)
    {
        var text = Encoding.ASCII.GetString(Read(path));
        using (var rsa = RSA.Create())
        {
            if (TryImportPem(rsa, text))
            {
                return rsa.ExportSubjectPublicKeyInfo();
            }
        }

        using var ecdsa = ECDsa.Create();
        return TryImportPem(ecdsa, text) ? ecdsa.ExportSubjectPublicKeyInfo() : throw new InputException(path, "not an unencrypted RSA or EC key in PEM form");
    }

    /// <summary>Imports PEM key material; false when it is not that kind of key (or encrypted).</summary>
    public static bool TryImportPem(AsymmetricAlgorithm key, string text)
    {
        try
        {
            key.ImportFromPem(text);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The bytes of PEM base64 data, or empty when it is not valid base64.</summary>
    public static byte[] DecodeBase64(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : [];
    }

    /// <summary>True when the data starts (after white space) with a PEM boundary line.</summary>
    public static bool IsPem(ReadOnlySpan<byte> bytes) => bytes.TrimStart(" \t\r\n"u8).StartsWith("-----BEGIN "u8);

    /// <summary>The bytes of <paramref name="path"/>, refused past <paramref name="limit"/> even when <c>stat</c> says nothing (a device, a pipe).</summary>
    public static byte[] Read(string path, long limit = MaxFileSize) => BoundedFile.ReadAllBytes(path, path, limit);
}
