using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>
/// Describes certificates and private keys for <see cref="SecureBootInspector"/> and reports what is wrong with
/// them: expiry, weak keys, SHA-1, PKfail test keys and private keys readable by others.
/// </summary>
internal sealed class KeyMaterialReview(InspectOptions options, List<Finding> findings)
{
    private static readonly string[] TestKeyMarkers = ["DO NOT TRUST", "DO NOT SHIP"];

    /// <summary>Lists a certificate's facts and, unless it is a revocation (dbx) entry, checks it.</summary>
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

        var name = certificate.Subject;
        var notAfter = certificate.NotAfter.ToUniversalTime();
        if (notAfter < options.NowUtc)
        {
            Report(SecureBootKeyRules.Expired, where, $"'{name}' expired on {Iso(certificate.NotAfter)}");
        }
        else if (notAfter < options.NowUtc.AddDays(options.ExpiryWarningDays))
        {
            Report(SecureBootKeyRules.ExpiresSoon, where, $"'{name}' expires on {Iso(certificate.NotAfter)}, within {options.ExpiryWarningDays} days");
        }

        if (CertificateFacts.KeyAlgorithm(certificate) == "RSA" && CertificateFacts.KeySize(certificate) < 2048)
        {
            Report(SecureBootKeyRules.WeakKey, where, $"'{name}' has an RSA-{CertificateFacts.KeySize(certificate)} key");
        }

        if (CertificateFacts.UsesSha1(certificate))
        {
            Report(SecureBootKeyRules.Sha1, where, $"'{name}' is signed with {CertificateFacts.SignatureAlgorithm(certificate)}");
        }

        if (TestKeyMarkers.Any(m => name.Contains(m, StringComparison.OrdinalIgnoreCase) || certificate.Issuer.Contains(m, StringComparison.OrdinalIgnoreCase)))
        {
            Report(SecureBootKeyRules.TestKey, where, $"'{name}' is a vendor test key whose private key is public");
        }
    }

    /// <summary>Key size and file mode of a PEM private key; the key itself never reaches the output.</summary>
    public InventoryNode DescribePrivateKey(string file, string text)
    {
        var node = new InventoryNode("private-key", file).Set("content", "redacted");
        var where = Location.OfFile(file, "private-key");
        using (var rsa = RSA.Create())
        {
            if (KeyMaterial.TryImportPem(rsa, text))
            {
                node.Set("key", $"RSA-{rsa.KeySize}");
                if (rsa.KeySize < 2048)
                {
                    Report(SecureBootKeyRules.WeakKey, where, $"the private key is RSA-{rsa.KeySize}");
                }
            }
            else
            {
                node.Set("key", "not RSA, or encrypted");
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(file);
            node.Set("mode", Convert.ToString((int)mode, 8).PadLeft(4, '0'));
            const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
            if ((mode & GroupOrOther) != 0)
            {
                Report(SecureBootKeyRules.ReadablePrivateKey, where, $"mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')} lets group or others read the private key");
            }
        }

        return node;
    }

    private static string Iso(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private void Report(RuleDescriptor rule, Location where, string message) => findings.Add(new Finding(rule, rule.Severity, message, where));
}
