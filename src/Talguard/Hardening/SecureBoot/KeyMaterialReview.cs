using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>
/// Describes certificates and private keys for <see cref="SecureBootInspector"/> and records, for the rules, the
/// certificates to judge (expiry, weak keys, SHA-1, PKfail test keys) and the private keys (size, file mode).
/// </summary>
internal sealed class KeyMaterialReview(EfiFacts facts)
{
    /// <summary>Lists a certificate's facts and, unless it is a revocation (dbx) entry, hands it to the rules.</summary>
    public void Describe(InventoryNode node, X509Certificate2 certificate, Location where, bool checkKeys)
    {
        node.Set("subject", certificate.Subject)
            .Set("issuer", certificate.Issuer)
            .Set("serial", certificate.SerialNumber)
            .Set("not before", Iso(certificate.NotBefore))
            .Set("not after", Iso(certificate.NotAfter))
            .Set("key", CertificateFacts.KeyDescription(certificate))
            .Set("signature", CertificateFacts.SignatureAlgorithm(certificate))
            .Set("sha256", CertificateFacts.Fingerprint(certificate.RawData));
        if (!checkKeys)
        {
            return;
        }

        facts.Certificates.Add(new EfiCertificate(
            where, certificate.Subject, certificate.Issuer, certificate.NotAfter.ToUniversalTime(), CertificateFacts.KeyAlgorithm(certificate),
            CertificateFacts.KeySize(certificate), CertificateFacts.UsesSha1(certificate), CertificateFacts.SignatureAlgorithm(certificate)));
    }

    /// <summary>Key size and file mode of a PEM private key; the key itself never reaches the output.</summary>
    public InventoryNode DescribePrivateKey(string file, string text)
    {
        var node = new InventoryNode("private-key", file).Set("content", "redacted");
        int? keySize = null;
        using (var rsa = RSA.Create())
        {
            if (KeyMaterial.TryImportPem(rsa, text))
            {
                keySize = rsa.KeySize;
                node.Set("key", $"RSA-{rsa.KeySize}");
            }
            else
            {
                node.Set("key", "not RSA, or encrypted");
            }
        }

        UnixFileMode? mode = null;
        if (!OperatingSystem.IsWindows())
        {
            mode = File.GetUnixFileMode(file);
            node.Set("mode", Convert.ToString((int)mode.Value, 8).PadLeft(4, '0'));
        }

        facts.PrivateKeys.Add(new EfiPrivateKey(Location.OfFile(file, "private-key"), keySize, mode));
        return node;
    }

    private static string Iso(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
