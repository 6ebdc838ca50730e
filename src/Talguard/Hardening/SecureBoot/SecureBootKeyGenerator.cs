using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Talguard.Formats;

namespace Talguard.Hardening.SecureBoot;

/// <summary>A file the key generator produces; <see cref="Secret"/> files are written mode 0600.</summary>
public sealed record GeneratedFile(string Name, byte[] Content, bool Secret);

/// <summary>Options for <see cref="SecureBootKeyGenerator.Generate"/>.</summary>
public sealed record SecureBootKeyOptions(int RsaKeySize, string CommonName, Guid Owner, DateTime NowUtc, int ValidityDays = 3650);

/// <summary>
/// A complete custom Secure Boot key set: PK, KEK and db key pairs with certificates (.crt PEM, .cer DER),
/// signature lists (.esl) and signed updates (.auth: PK self-signed, KEK signed by PK, db signed by KEK),
/// plus the file names Talos's imager reads (uki-signing-key.pem, uki-signing-cert.pem/.der, pcr-signing-key.pem).
/// The UKI is signed with the db key, so the db certificate is the UKI signing certificate.
/// </summary>
public static class SecureBootKeyGenerator
{
    /// <summary>Talos signs PCR policies with RSA-2048 (systemd-measure's default); its size does not affect firmware.</summary>
    public const int PcrKeySize = 2048;

    private static readonly string[] KeyPairExtensions = [".key", ".crt", ".cer", ".esl", ".auth"];

    /// <summary>The names of the files <see cref="Generate"/> returns, in its order.</summary>
    public static readonly IReadOnlyList<string> FileNames =
    [
        .. new[] { SecureBootVariable.PK, SecureBootVariable.KEK, SecureBootVariable.Db }.SelectMany(v => KeyPairExtensions.Select(e => v.Name + e)),
        "uki-signing-key.pem", "uki-signing-cert.pem", "uki-signing-cert.der", "pcr-signing-key.pem",
    ];

    public static IReadOnlyList<GeneratedFile> Generate(SecureBootKeyOptions options)
    {
        var files = new List<GeneratedFile>();
        var timestamp = EfiTime.FromDateTime(options.NowUtc);
        using var pkKey = RSA.Create(options.RsaKeySize);
        using var kekKey = RSA.Create(options.RsaKeySize);
        using var dbKey = RSA.Create(options.RsaKeySize);
        using var pk = CreateCertificate(pkKey, $"{options.CommonName} Platform Key", options);
        using var kek = CreateCertificate(kekKey, $"{options.CommonName} Key Exchange Key", options);
        using var db = CreateCertificate(dbKey, $"{options.CommonName} Signature Database Key", options);

        AddKeyPair(files, SecureBootVariable.PK, pkKey, pk, options.Owner, timestamp, pk, pkKey);
        AddKeyPair(files, SecureBootVariable.KEK, kekKey, kek, options.Owner, timestamp, pk, pkKey);
        AddKeyPair(files, SecureBootVariable.Db, dbKey, db, options.Owner, timestamp, kek, kekKey);

        files.Add(new GeneratedFile("uki-signing-key.pem", Pem(dbKey.ExportRSAPrivateKeyPem()), Secret: true));
        files.Add(new GeneratedFile("uki-signing-cert.pem", Pem(db.ExportCertificatePem()), Secret: false));
        files.Add(new GeneratedFile("uki-signing-cert.der", db.RawData, Secret: false));
        using var pcrKey = RSA.Create(PcrKeySize);
        files.Add(new GeneratedFile("pcr-signing-key.pem", Pem(pcrKey.ExportRSAPrivateKeyPem()), Secret: true));
        return files;
    }

    private static void AddKeyPair(List<GeneratedFile> files, SecureBootVariable variable, RSA key, X509Certificate2 certificate, Guid owner, EfiTime timestamp, X509Certificate2 signer, RSA signerKey)
    {
        var esl = EfiSignatureList.ForCertificate(owner, certificate.RawData).ToBytes();
        files.Add(new GeneratedFile(variable.Name + ".key", Pem(key.ExportPkcs8PrivateKeyPem()), Secret: true));
        files.Add(new GeneratedFile(variable.Name + ".crt", Pem(certificate.ExportCertificatePem()), Secret: false));
        files.Add(new GeneratedFile(variable.Name + ".cer", certificate.RawData, Secret: false));
        files.Add(new GeneratedFile(variable.Name + ".esl", esl, Secret: false));
        var update = AuthenticatedVariable.Sign(variable, append: false, timestamp, esl, signer, signerKey);
        files.Add(new GeneratedFile(variable.Name + ".auth", update.ToBytes(), Secret: false));
    }

    private static X509Certificate2 CreateCertificate(RSA key, string commonName, SecureBootKeyOptions options)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var subjectKeyIdentifier = new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, critical: false));
        request.CertificateExtensions.Add(subjectKeyIdentifier);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(subjectKeyIdentifier));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        var notBefore = new DateTimeOffset(options.NowUtc, TimeSpan.Zero);
        return request.Create(subject.Build(), X509SignatureGenerator.CreateForRSA(key, RSASignaturePadding.Pkcs1), notBefore, notBefore.AddDays(options.ValidityDays), serial);
    }

    private static byte[] Pem(string text) => System.Text.Encoding.ASCII.GetBytes(text + "\n");
}
