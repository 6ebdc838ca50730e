using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Talguard.Formats;

namespace Talguard.Hardening.SecureBoot;

/// <summary>What the findings and the inspector need to know about an X.509 certificate.</summary>
public static class CertificateFacts
{
    private static readonly Dictionary<string, (string Name, HashAlgorithmName Hash)> SignatureAlgorithms = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.5"] = ("sha1WithRSAEncryption", HashAlgorithmName.SHA1),
        ["1.2.840.113549.1.1.11"] = ("sha256WithRSAEncryption", HashAlgorithmName.SHA256),
        ["1.2.840.113549.1.1.12"] = ("sha384WithRSAEncryption", HashAlgorithmName.SHA384),
        ["1.2.840.113549.1.1.13"] = ("sha512WithRSAEncryption", HashAlgorithmName.SHA512),
        ["1.2.840.10045.4.1"] = ("ecdsa-with-SHA1", HashAlgorithmName.SHA1),
        ["1.2.840.10045.4.3.2"] = ("ecdsa-with-SHA256", HashAlgorithmName.SHA256),
        ["1.2.840.10045.4.3.3"] = ("ecdsa-with-SHA384", HashAlgorithmName.SHA384),
        ["1.2.840.10045.4.3.4"] = ("ecdsa-with-SHA512", HashAlgorithmName.SHA512),
    };

    /// <summary>
    /// Loads a DER certificate and reads every field the inspector uses, so a certificate whose dates or names
    /// are malformed is rejected here (null) instead of throwing later when a property is first read.
    /// </summary>
    public static X509Certificate2? TryLoad(ReadOnlySpan<byte> der)
    {
        if (der.Length < 4 || der[0] != 0x30)
        {
            return null;
        }

        X509Certificate2? certificate = null;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(der);
            _ = (certificate.Subject, certificate.Issuer, certificate.SerialNumber, certificate.NotBefore, certificate.NotAfter, certificate.PublicKey.Oid.Value, certificate.SignatureAlgorithm.Value, certificate.SubjectName.RawData, certificate.IssuerName.RawData);
            return certificate;
        }
        catch (CryptographicException)
        {
            certificate?.Dispose();
            return null;
        }
    }

    public static string SignatureAlgorithm(X509Certificate2 certificate)
    {
        var oid = certificate.SignatureAlgorithm.Value ?? string.Empty;
        return SignatureAlgorithms.TryGetValue(oid, out var known) ? known.Name : oid;
    }

    public static bool UsesSha1(X509Certificate2 certificate) =>
        SignatureAlgorithms.TryGetValue(certificate.SignatureAlgorithm.Value ?? string.Empty, out var known) && known.Hash == HashAlgorithmName.SHA1;

    /// <summary>"RSA-2048", "EC-256", or the key algorithm OID.</summary>
    public static string KeyDescription(X509Certificate2 certificate) => KeyAlgorithm(certificate) is { } name ? $"{name}-{KeySize(certificate)}" : certificate.PublicKey.Oid.Value ?? "unknown";

    public static string? KeyAlgorithm(X509Certificate2 certificate) => certificate.PublicKey.Oid.Value switch
    {
        "1.2.840.113549.1.1.1" => "RSA",
        "1.2.840.10045.2.1" => "EC",
        _ => null,
    };

    public static int KeySize(X509Certificate2 certificate)
    {
        try
        {
            using var rsa = certificate.GetRSAPublicKey();
            if (rsa is not null)
            {
                return rsa.KeySize;
            }

            using var ecdsa = certificate.GetECDsaPublicKey();
            return ecdsa?.KeySize ?? 0;
        }
        catch (CryptographicException)
        {
            return 0;
        }
    }

    /// <summary>SHA-256 of the DER certificate, upper-case hex pairs joined by ':' (how Talos prints key fingerprints).</summary>
    public static string Fingerprint(ReadOnlySpan<byte> der) => string.Join(':', SHA256.HashData(der).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>A fingerprint with separators and case removed, for comparing forms such as "AB:CD" and "abcd".</summary>
    public static string NormalizeFingerprint(string fingerprint) => new([.. fingerprint.Where(Uri.IsHexDigit).Select(char.ToUpperInvariant)]);

    public static bool SameKey(X509Certificate2 a, X509Certificate2 b) =>
        a.PublicKey.EncodedKeyValue.RawData.AsSpan().SequenceEqual(b.PublicKey.EncodedKeyValue.RawData);

    /// <summary>True when <paramref name="issuer"/>'s key verifies <paramref name="certificate"/>'s signature.</summary>
    public static bool IsSignedBy(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        try
        {
            var outer = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
            var tbs = outer.ReadEncodedValue();
            var algorithm = outer.ReadSequence().ReadObjectIdentifier();
            var signature = outer.ReadBitString(out _);
            if (!SignatureAlgorithms.TryGetValue(algorithm, out var known))
            {
                return false;
            }

            var digest = CmsSignedData.Digest(known.Hash, tbs.Span);
            using var rsa = issuer.GetRSAPublicKey();
            if (rsa is not null)
            {
                return rsa.VerifyHash(digest, signature, known.Hash, RSASignaturePadding.Pkcs1);
            }

            using var ecdsa = issuer.GetECDsaPublicKey();
            return ecdsa is not null && ecdsa.VerifyHash(digest, signature, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException)
        {
            return false;
        }
    }
}
