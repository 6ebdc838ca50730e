using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Talguard.Tests.Hardening.Certificates;

/// <summary>Certificates made in-process with CertificateRequest, dated around a fixed clock.</summary>
internal static class TestPki
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static X509Certificate2 Ca(string subject, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(Now.AddYears(-1), notAfter);
    }

    public static X509Certificate2 Client(X509Certificate2 ca, string subject, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        return request.Create(ca, notBefore, notAfter, [1, 2, 3, 4]);
    }

    public static X509Certificate2 Rsa(int bits, HashAlgorithmName hash)
    {
        using var key = RSA.Create(bits);
        var request = new CertificateRequest("CN=legacy", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (hash != HashAlgorithmName.SHA1)
        {
            return request.CreateSelfSigned(Now.AddYears(-1), Now.AddYears(5));
        }

        // CertificateRequest refuses SHA-1, so a generator that signs with it anyway stands in for a legacy CA.
        using var signed = request.Create(request.SubjectName, new Sha1RsaSignatureGenerator(key), Now.AddYears(-1), Now.AddYears(5), [7]);
        return X509CertificateLoader.LoadCertificate(signed.RawData);
    }

    private sealed class Sha1RsaSignatureGenerator(RSA key) : X509SignatureGenerator
    {
        /// <summary>DER AlgorithmIdentifier of sha1WithRSAEncryption with NULL parameters.</summary>
        private static readonly byte[] Sha1WithRsa = [0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x05, 0x05, 0x00];

        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) => Sha1WithRsa;

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => key.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);

        protected override PublicKey BuildPublicKey() => PublicKey.CreateFromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
    }

    /// <summary>The certificate as Talos stores it: base64 of the PEM text.</summary>
    public static string Base64Pem(X509Certificate2 certificate) => Convert.ToBase64String(Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()));

    public static (string, string) MachineCa(X509Certificate2 ca) =>
        ("cp.yaml", $"version: v1alpha1\nmachine:\n  type: controlplane\n  ca:\n    crt: {Base64Pem(ca)}\n");

    public static (string, string) Talosconfig(X509Certificate2 ca, X509Certificate2 client, string name = "admin") =>
        ("talosconfig", $"context: {name}\ncontexts:\n  {name}:\n    endpoints: [10.0.0.2]\n    ca: {Base64Pem(ca)}\n    crt: {Base64Pem(client)}\n    key: cmVkYWN0ZWQ=\n");
}
