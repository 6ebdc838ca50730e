using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Talguard.Model;

namespace Talguard.Hardening.Certificates;

/// <summary>
/// Strict decoding of what a certificate or key field or file holds: base64 of PEM (Talos, kubeconfig <c>*-data</c>),
/// PEM, or DER. Every failure is an <see cref="InputException"/> naming the file, the line and the field, never the
/// content (it may be a private key).
/// </summary>
internal static class CertificateText
{
    public const string CertificateLabel = "CERTIFICATE";

    /// <summary>The PEM blocks of a YAML field: its value is PEM, or base64 of PEM (what Talos and kubeconfigs store).</summary>
    public static List<PemBlock> FieldBlocks(string text, string file, int line, string where)
    {
        var pem = text;
        if (!PemBlocks.LooksLikePem(text))
        {
            var trimmed = text.Trim();
            var buffer = new byte[trimmed.Length];
            if (!Convert.TryFromBase64String(trimmed, buffer, out var written))
            {
                throw new InputException(file, line, $"{where}: corrupted base64");
            }

            pem = Encoding.UTF8.GetString(buffer, 0, written);
            if (!PemBlocks.LooksLikePem(pem))
            {
                throw new InputException(file, line, $"{where}: base64 that does not hold PEM");
            }
        }

        try
        {
            // The lines of a base64-wrapped PEM are not lines of the file: errors name the field's line.
            return PemBlocks.Read(pem, file, 0);
        }
        catch (InputException ex)
        {
            throw new InputException(file, line, $"{where}: {ex.Message}");
        }
    }

    /// <summary>The certificates of a certificate field; any other block is an error.</summary>
    public static X509Certificate2[] FieldCertificates(string text, string file, int line, string where)
    {
        var blocks = FieldBlocks(text, file, line, where);
        if (blocks.Find(b => b.Label != CertificateLabel) is { } other)
        {
            throw new InputException(file, line, $"{where}: expected a CERTIFICATE PEM block, found {Describe(other.Label)}");
        }

        var certificates = new List<X509Certificate2>();
        try
        {
            foreach (var block in blocks)
            {
                certificates.Add(Load(block.Der, file, line, where));
            }
        }
        catch
        {
            certificates.ForEach(c => c.Dispose());
            throw;
        }

        return [.. certificates];
    }

    /// <summary>The single private key of a key field; an encrypted key, another block or a damaged key is an error.</summary>
    public static PemBlock FieldKey(string text, string file, int line, string where)
    {
        var blocks = FieldBlocks(text, file, line, where);
        if (blocks.Count != 1 || !PrivateKeyInfo.Labels.Contains(blocks[0].Label))
        {
            throw new InputException(file, line, $"{where}: expected one private key PEM block, found {(blocks.Count == 1 ? Describe(blocks[0].Label) : blocks.Count + " blocks")}");
        }

        RequireUsableKey(blocks[0], file, line, where);
        return blocks[0];
    }

    /// <summary>Refuses an encrypted key (no passphrase is ever asked for) and one whose content is not a key of its kind.</summary>
    public static void RequireUsableKey(PemBlock block, string file, int line, string where)
    {
        if (block.Encrypted)
        {
            throw new InputException(file, line, $"{where}: encrypted private key (talguard never asks for a passphrase: give the decrypted key or leave it out)");
        }

        try
        {
            _ = PrivateKeyInfo.PublicKey(block);
        }
        catch (CryptographicException)
        {
            throw new InputException(file, line, $"{where}: {block.Label} block is not a valid private key");
        }
    }

    /// <summary>A certificate from DER, decoded completely now so no later reader meets a damaged part.</summary>
    public static X509Certificate2 Load(byte[] der, string file, int line, string where)
    {
        X509Certificate2? certificate = null;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(der);
            RequireDecodable(certificate);
            return certificate;
        }
        catch (CryptographicException)
        {
            certificate?.Dispose();
            throw new InputException(file, line, $"{where}: not a valid X.509 certificate");
        }
    }

    /// <summary>
    /// Decodes now what the rules read later, so a certificate with a damaged name or key is refused here like any
    /// other undecodable one: the loader decodes those parts lazily, and a rule would otherwise end the scan.
    /// </summary>
    public static void RequireDecodable(X509Certificate2 certificate)
    {
        _ = (certificate.SubjectName.EnumerateRelativeDistinguishedNames().Count(), certificate.IssuerName.EnumerateRelativeDistinguishedNames().Count(),
            certificate.Subject, certificate.Issuer, certificate.NotBefore, certificate.NotAfter, certificate.SignatureAlgorithm.Value, certificate.Extensions.Count);
        using var rsa = certificate.GetRSAPublicKey();
        _ = rsa?.KeySize;
    }

    private static string Describe(string label) => label.Length <= 40 && label.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is ' ' or '-')
        ? label
        : "a block of another type";
}
