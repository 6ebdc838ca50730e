using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Talguard.Credentials;

/// <summary>A client certificate just issued, with its private key as PEM (written only to a 0600 file, never printed).</summary>
internal sealed record IssuedCredential(X509Certificate2 Certificate, string CertificatePem, string PrivateKeyPem);

/// <summary>The key a client certificate is made for.</summary>
internal enum ClientKeyType
{
    /// <summary>As <c>talosctl config new</c> makes them for the Ed25519 Talos API CA.</summary>
    Ed25519,

    /// <summary>ECDSA P-256, as kubeconfigs commonly carry (kubectl and every Kubernetes client library read it).</summary>
    EcdsaP256,
}

/// <summary>
/// Issues TLS client certificates as Talos and Kubernetes authenticate them: Subject O = the roles or groups, CN = the
/// user, KeyUsage digitalSignature (critical), EKU clientAuth, not a CA, a random positive 128-bit serial, and the
/// authority key identifier of the CA when it has one.
/// </summary>
internal static class ClientCertificateIssuer
{
    /// <summary>How far before "now" a certificate starts, so a node whose clock is a little behind still accepts it.</summary>
    public static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    public static IssuedCredential Issue(SigningAuthority authority, ClientKeyType keyType, string commonName, IReadOnlyList<string> organizations, DateTimeOffset now, TimeSpan lifetime)
    {
        // The builder encodes names last-added first: this gives O=each role in the order given, then CN, as Go's pkix.Name does.
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        foreach (var organization in organizations.Reverse())
        {
            subject.AddOrganizationName(organization);
        }
        var (generator, hash) = authority.Signer();
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        var notBefore = Truncate(now - ClockSkewAllowance);
        var notAfter = Truncate(now + lifetime);
        if (keyType == ClientKeyType.Ed25519)
        {
            using var key = Ed25519Key.Generate();
            var request = Request(subject.Build(), PublicKey.CreateFromSubjectPublicKeyInfo(key.SubjectPublicKeyInfo(), out _), hash, authority);
            var certificate = request.Create(authority.Certificate.SubjectName, generator, notBefore, notAfter, serial);
            return new IssuedCredential(certificate, certificate.ExportCertificatePem() + "\n", key.ExportPkcs8Pem());
        }

        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ecRequest = Request(subject.Build(), new PublicKey(ecdsa), hash, authority);
        var issued = ecRequest.Create(authority.Certificate.SubjectName, generator, notBefore, notAfter, serial);
        return new IssuedCredential(issued, issued.ExportCertificatePem() + "\n", ecdsa.ExportECPrivateKeyPem() + "\n");
    }

    private static CertificateRequest Request(X500DistinguishedName subject, PublicKey key, HashAlgorithmName hash, SigningAuthority authority)
    {
        var request = new CertificateRequest(subject, key, hash);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthOid)], false));
        if (authority.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault() is { } keyIdentifier)
        {
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(keyIdentifier));
        }

        return request;
    }

    /// <summary>Whole seconds: X.509 times carry no fractions, so the validity is exactly the lifetime asked for.</summary>
    private static DateTimeOffset Truncate(DateTimeOffset time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
