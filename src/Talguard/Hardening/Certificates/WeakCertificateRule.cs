using System.Security.Cryptography.X509Certificates;
using Talguard.Findings;

namespace Talguard.Hardening.Certificates;

/// <summary>TG-CERT-003: short RSA keys and broken signature hashes.</summary>
public sealed class WeakCertificateRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-CERT-003", Severity.Medium, Section.Certificates,
        "Weak certificate key or signature",
        "RSA keys below 2048 bits can be factored with feasible effort, and SHA-1 and MD5 signatures can be forged by collision. Talos generates Ed25519, ECDSA P-256 and RSA-4096 keys, so such certificates come from an imported PKI.",
        "Re-issue the certificate with an RSA key of at least 2048 bits (or ECDSA/Ed25519) and a SHA-256 or stronger signature; for a CA, rotate it with talosctl rotate-ca.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch | RuleInputs.Credentials,
        controls: RuleControls.Of("", "3.7.1 4.2.1", "CC6.7"));

    /// <summary>Signature algorithm OIDs built on MD2, MD5 or SHA-1 (RSA, DSA and ECDSA variants).</summary>
    private static readonly Dictionary<string, string> WeakSignatures = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.2"] = "md2WithRSAEncryption",
        ["1.2.840.113549.1.1.4"] = "md5WithRSAEncryption",
        ["1.2.840.113549.1.1.5"] = "sha1WithRSAEncryption",
        ["1.3.14.3.2.29"] = "sha1WithRSASignature",
        ["1.2.840.10040.4.3"] = "dsaWithSHA1",
        ["1.2.840.10045.4.1"] = "ecdsaWithSHA1",
    };

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        var inventory = context.Shared(model => new CertificateInventory(model));
        foreach (var found in inventory.JudgedBy(context))
        {
            var certificate = found.Certificate;
            using var rsa = certificate.GetRSAPublicKey();
            if (rsa is { KeySize: < 2048 })
            {
                CertificateInventory.Report(context, Definition, found.Place, found.Document, found.Node, $"certificate {certificate.Subject} has a {rsa.KeySize}-bit RSA key");
            }

            if (certificate.SignatureAlgorithm.Value is { } oid && WeakSignatures.TryGetValue(oid, out var name))
            {
                CertificateInventory.Report(context, Definition, found.Place, found.Document, found.Node, $"certificate {certificate.Subject} is signed with {name}");
            }
        }
    }
}
