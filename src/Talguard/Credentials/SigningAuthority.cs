using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Talguard.Model;

namespace Talguard.Credentials;

/// <summary>
/// A CA certificate and its private key, read from a secrets bundle or machine config, that signs client certificates:
/// Ed25519 (the Talos API CA), ECDSA (the Kubernetes CA) or RSA. The key is checked to belong to the certificate.
/// </summary>
internal sealed class SigningAuthority : IDisposable
{
    private readonly Ed25519Key? _ed25519;
    private readonly AsymmetricAlgorithm? _other;

    private SigningAuthority(X509Certificate2 certificate, Ed25519Key? ed25519, AsymmetricAlgorithm? other)
    {
        Certificate = certificate;
        _ed25519 = ed25519;
        _other = other;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate as PEM text, as talosconfigs and kubeconfigs carry it (base64-encoded).</summary>
    public string CertificatePem => Certificate.ExportCertificatePem() + "\n";

    /// <summary>
    /// Reads the pair at <paramref name="crt"/> and <paramref name="key"/> (base64 of PEM, as Talos stores them;
    /// raw PEM too). <paramref name="where"/> names the pair in messages (<c>certs.os</c>); every failure is an
    /// <see cref="InputException"/> at <paramref name="file"/> and the node's line, never the key's text.
    /// </summary>
    public static SigningAuthority Read(string file, string where, YamlNode crt, YamlNode key)
    {
        var certificate = ReadCertificate(file, where + ".crt", crt);
        try
        {
            var (ed25519, other) = ReadKey(file, where + ".key", key);
            if (!(ed25519?.Matches(certificate) ?? Matches(other!, certificate)))
            {
                ed25519?.Dispose();
                other?.Dispose();
                throw new InputException(file, key.Start.Line, $"{where}.key is not the key of {where}.crt");
            }

            return new SigningAuthority(certificate, ed25519, other);
        }
        catch
        {
            certificate.Dispose();
            throw;
        }
    }

    /// <summary>The generator CertificateRequest signs with, and the hash it is handed (ignored for Ed25519, which hashes itself).</summary>
    public (X509SignatureGenerator Generator, HashAlgorithmName Hash) Signer() => (_ed25519, _other) switch
    {
        ({ } ed25519, _) => (new Ed25519SignatureGenerator(ed25519), HashAlgorithmName.SHA512),
        (_, ECDsa ecdsa) => (X509SignatureGenerator.CreateForECDsa(ecdsa), HashAlgorithmName.SHA256),
        (_, RSA rsa) => (X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA256),
        _ => throw new InvalidOperationException("a signing authority always has a key"),
    };

    public void Dispose()
    {
        _ed25519?.Dispose();
        _other?.Dispose();
        Certificate.Dispose();
    }

    private static X509Certificate2 ReadCertificate(string file, string where, YamlNode node)
    {
        var pem = PemText(file, where, node);
        try
        {
            var certificate = X509Certificate2.CreateFromPem(pem);
            var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
            if (constraints is not { CertificateAuthority: true })
            {
                certificate.Dispose();
                throw new InputException(file, node.Start.Line, $"{where} is not a CA certificate (no basicConstraints CA:TRUE)");
            }

            return certificate;
        }
        catch (CryptographicException)
        {
            throw new InputException(file, node.Start.Line, $"{where} is not a PEM certificate");
        }
    }

    private static (Ed25519Key?, AsymmetricAlgorithm?) ReadKey(string file, string where, YamlNode node)
    {
        var pem = PemText(file, where, node);
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new InputException(file, node.Start.Line, $"{where} is not a PEM private key");
        }

        var label = pem[fields.Label];
        var der = new byte[fields.DecodedDataLength];
        try
        {
            if (!Convert.TryFromBase64Chars(pem[fields.Base64Data], der, out _))
            {
                throw new InputException(file, node.Start.Line, $"{where} is not a PEM private key");
            }

            return label switch
            {
                "ENCRYPTED PRIVATE KEY" => throw new InputException(file, node.Start.Line, $"{where} is encrypted; decrypt it first"),
                "EC PRIVATE KEY" => (null, Import(ECDsa.Create(), k => k.ImportECPrivateKey(der, out _))),
                "RSA PRIVATE KEY" => (null, Import(RSA.Create(), k => k.ImportRSAPrivateKey(der, out _))),
                "PRIVATE KEY" or "ED25519 PRIVATE KEY" => ReadPkcs8(der),
                _ => throw new InputException(file, node.Start.Line, $"{where} is a PEM '{label}', not a private key"),
            };
        }
        catch (Exception ex) when (ex is CryptographicException or AsnContentException)
        {
            throw new InputException(file, node.Start.Line, $"{where} is not a readable private key");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    private static (Ed25519Key?, AsymmetricAlgorithm?) ReadPkcs8(byte[] der)
    {
        if (Ed25519Key.FromPkcs8(der) is { } ed25519)
        {
            return (ed25519, null);
        }

        var algorithm = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        _ = algorithm.ReadInteger();
        return algorithm.ReadSequence().ReadObjectIdentifier() switch
        {
            "1.2.840.10045.2.1" => (null, Import(ECDsa.Create(), k => k.ImportPkcs8PrivateKey(der, out _))),
            "1.2.840.113549.1.1.1" => (null, Import(RSA.Create(), k => k.ImportPkcs8PrivateKey(der, out _))),
            var other => throw new CryptographicException("unsupported key algorithm " + other),
        };
    }

    private static TKey Import<TKey>(TKey key, Action<TKey> import)
        where TKey : AsymmetricAlgorithm
    {
        try
        {
            import(key);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static bool Matches(AsymmetricAlgorithm key, X509Certificate2 certificate)
    {
        using AsymmetricAlgorithm? published = key switch
        {
            ECDsa => certificate.GetECDsaPublicKey(),
            RSA => certificate.GetRSAPublicKey(),
            _ => null,
        };
        return published is not null && published.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>The PEM text of a value: base64 of PEM as Talos stores it, or PEM itself.</summary>
    private static string PemText(string file, string where, YamlNode node)
    {
        var text = node.AsString() ?? string.Empty;
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return text;
        }

        var buffer = new byte[text.Length];
        if (text.Length == 0 || !Convert.TryFromBase64String(text.Trim(), buffer, out var written))
        {
            throw new InputException(file, node.Start.Line, $"{where} is not base64 of PEM");
        }

        var pem = Encoding.UTF8.GetString(buffer, 0, written);
        CryptographicOperations.ZeroMemory(buffer);
        return pem;
    }

    /// <summary>Signs certificates with an Ed25519 CA key, which CertificateRequest has no built-in generator for.</summary>
    private sealed class Ed25519SignatureGenerator(Ed25519Key key) : X509SignatureGenerator
    {
        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Ed25519Key.Oid);
            }

            return writer.Encode();
        }

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => key.Sign(data);

        protected override PublicKey BuildPublicKey() => PublicKey.CreateFromSubjectPublicKeyInfo(key.SubjectPublicKeyInfo(), out _);
    }
}
