using System.Formats.Asn1;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using Talguard.Model;

namespace Talguard.Hardening.Certificates;

/// <summary>How a certificate's signature checks out against the certificates among the inputs.</summary>
public enum ChainStatus
{
    /// <summary>Signed by a CA among the inputs.</summary>
    Verified,

    /// <summary>Self-signed and its signature verifies with its own key (a root CA).</summary>
    SelfSigned,

    /// <summary>No certificate among the inputs is named as its issuer: the chain cannot be checked.</summary>
    IssuerNotInInputs,

    /// <summary>A certificate named as its issuer is among the inputs, but none of them signed it (or a self-signed one's signature is wrong).</summary>
    SignatureInvalid,
}

/// <summary>What the holder of a certificate is: the file kind it was found in.</summary>
public enum CertificateSource
{
    MachineConfig,
    SecretsBundle,
    Talosconfig,
    Kubeconfig,
    CertificateFile,
}

/// <summary>
/// One certificate as <c>talguard certs</c> reports it: where it is, what it says and how its chain checks out. Plain
/// values only (no key material, no live certificate object), so a report can be written from it at any time.
/// </summary>
public sealed record CertificateRecord
{
    public required string File { get; init; }

    /// <summary>1-based line of the field or PEM block; 0 for a DER file.</summary>
    public required int Line { get; init; }

    /// <summary>The place inside the file: a YAML path with its context or user, or a PEM block.</summary>
    public required string Where { get; init; }

    public required CertificateSource Source { get; init; }

    /// <summary>The talosconfig context or kubeconfig user/cluster that holds it; empty elsewhere.</summary>
    public string Context { get; init; } = string.Empty;

    public required string Subject { get; init; }

    public required string Issuer { get; init; }

    public required string SubjectCommonName { get; init; }

    public required IReadOnlyList<string> SubjectOrganizations { get; init; }

    public required string IssuerCommonName { get; init; }

    /// <summary>The subject's C, ST (street address, as x509-certificate-exporter reads it), L, O, OU and CN values in certificate order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> SubjectParts { get; init; }

    /// <summary>The issuer's attributes as <see cref="SubjectParts"/>.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> IssuerParts { get; init; }

    public required IReadOnlyList<string> IssuerOrganizations { get; init; }

    /// <summary>Serial number in upper-case hexadecimal, as <c>openssl x509 -serial</c> prints it.</summary>
    public required string Serial { get; init; }

    /// <summary>Serial number in decimal, as Go (and so x509-certificate-exporter) prints it.</summary>
    public required string SerialDecimal { get; init; }

    /// <summary><c>RSA</c>, <c>ECDSA</c>, <c>Ed25519</c>, <c>Ed448</c> or the algorithm OID.</summary>
    public required string KeyType { get; init; }

    /// <summary>RSA modulus bits; null for other keys.</summary>
    public int? KeyBits { get; init; }

    /// <summary>ECDSA curve (<c>P-256</c>, <c>P-384</c>, <c>P-521</c> or its OID); null for other keys.</summary>
    public string? Curve { get; init; }

    /// <summary>Go's name for the signature algorithm (<c>ECDSA-SHA256</c>, <c>SHA256-RSA</c>, <c>Ed25519</c>), else its OID.</summary>
    public required string SignatureAlgorithm { get; init; }

    public required DateTimeOffset NotBefore { get; init; }

    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>Whole days from the run's clock to notAfter, rounded down (negative once expired).</summary>
    public required long DaysLeft { get; init; }

    public required bool IsCa { get; init; }

    /// <summary>Extended key usages by name (<c>clientAuth</c>, <c>serverAuth</c>, or the OID); empty when the extension is absent.</summary>
    public required IReadOnlyList<string> ExtendedKeyUsages { get; init; }

    /// <summary>Talos API roles: the subject's Organization values that start with <c>os:</c>, in certificate order.</summary>
    public required IReadOnlyList<string> TalosRoles { get; init; }

    public required ChainStatus Chain { get; init; }

    /// <summary>Where the verifying CA is (<c>file:line where</c>) when <see cref="Chain"/> is <see cref="ChainStatus.Verified"/>.</summary>
    public string? VerifiedBy { get; init; }

    /// <summary>Talos endpoints of the talosconfig context (for the runbook); empty elsewhere.</summary>
    public IReadOnlyList<string> Endpoints { get; init; } = [];

    /// <summary>Talos nodes of the talosconfig context (for the runbook); empty elsewhere.</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];

    /// <summary>Which CA this is when it is one of Talos's: <c>os</c>, <c>k8s</c>, <c>k8saggregator</c>, <c>etcd</c>; empty otherwise.</summary>
    public string Authority { get; init; } = string.Empty;

    public string Place => Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}") : File;

    public bool IsExpired => DaysLeft < 0 || NotAfter <= NotBefore;

    private const string OrganizationOid = "2.5.4.10";
    private const string CommonNameOid = "2.5.4.3";

    private static readonly Dictionary<string, string> SignatureNames = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.4"] = "MD5-RSA",
        ["1.2.840.113549.1.1.5"] = "SHA1-RSA",
        ["1.2.840.113549.1.1.11"] = "SHA256-RSA",
        ["1.2.840.113549.1.1.12"] = "SHA384-RSA",
        ["1.2.840.113549.1.1.13"] = "SHA512-RSA",
        ["1.2.840.113549.1.1.10"] = "RSA-PSS",
        ["1.2.840.10040.4.3"] = "DSA-SHA1",
        ["1.2.840.10045.4.1"] = "ECDSA-SHA1",
        ["1.2.840.10045.4.3.2"] = "ECDSA-SHA256",
        ["1.2.840.10045.4.3.3"] = "ECDSA-SHA384",
        ["1.2.840.10045.4.3.4"] = "ECDSA-SHA512",
        ["1.3.101.112"] = "Ed25519",
        ["1.3.101.113"] = "Ed448",
    };

    private static readonly Dictionary<string, string> UsageNames = new(StringComparer.Ordinal)
    {
        ["1.3.6.1.5.5.7.3.1"] = "serverAuth",
        ["1.3.6.1.5.5.7.3.2"] = "clientAuth",
        ["1.3.6.1.5.5.7.3.3"] = "codeSigning",
        ["1.3.6.1.5.5.7.3.4"] = "emailProtection",
        ["1.3.6.1.5.5.7.3.8"] = "timeStamping",
        ["1.3.6.1.5.5.7.3.9"] = "OCSPSigning",
        ["2.5.29.37.0"] = "any",
    };

    private static readonly Dictionary<string, string> CurveNames = new(StringComparer.Ordinal)
    {
        ["1.2.840.10045.3.1.7"] = "P-256",
        ["1.3.132.0.34"] = "P-384",
        ["1.3.132.0.35"] = "P-521",
    };

    internal static CertificateRecord Of(FoundCertificate found, DateTimeOffset now, ChainStatus chain, string? verifiedBy)
    {
        var certificate = found.Certificate;
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var (keyType, bits, curve) = Key(certificate);
        var serialHex = certificate.SerialNumber;
        var signatureOid = certificate.SignatureAlgorithm.Value ?? string.Empty;
        var organizations = Values(certificate.SubjectName, OrganizationOid);
        var (source, context) = SourceOf(found);
        return new CertificateRecord
        {
            File = found.Place.File,
            Line = found.Place.Line,
            Where = found.Where,
            Source = source,
            Context = context,
            Subject = certificate.Subject,
            Issuer = certificate.Issuer,
            SubjectCommonName = Values(certificate.SubjectName, CommonNameOid).FirstOrDefault() ?? string.Empty,
            SubjectOrganizations = organizations,
            IssuerCommonName = Values(certificate.IssuerName, CommonNameOid).FirstOrDefault() ?? string.Empty,
            IssuerOrganizations = Values(certificate.IssuerName, OrganizationOid),
            SubjectParts = Parts(certificate.SubjectName),
            IssuerParts = Parts(certificate.IssuerName),
            Serial = serialHex,
            SerialDecimal = BigInteger.Parse("0" + serialHex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
            KeyType = keyType,
            KeyBits = bits,
            Curve = curve,
            SignatureAlgorithm = SignatureNames.GetValueOrDefault(signatureOid, signatureOid),
            NotBefore = notBefore,
            NotAfter = notAfter,
            DaysLeft = (long)Math.Floor((notAfter - now).TotalDays),
            IsCa = ClientConfigCaKeyRule.IsCa(certificate),
            ExtendedKeyUsages = [.. (ClientAuthUsageRule.UsageOids(certificate) ?? []).Select(o => UsageNames.GetValueOrDefault(o, o)).Order(StringComparer.Ordinal)],
            TalosRoles = [.. organizations.Where(o => o.StartsWith("os:", StringComparison.Ordinal))],
            Chain = chain,
            VerifiedBy = verifiedBy,
            Endpoints = found.Document?.Class == DocumentClass.TalosClientConfig ? Strings(found.Node?.Parent?["endpoints"]) : [],
            Nodes = found.Document?.Class == DocumentClass.TalosClientConfig ? Strings(found.Node?.Parent?["nodes"]) : [],
            Authority = AuthorityOf(found),
        };
    }

    private static (CertificateSource, string) SourceOf(FoundCertificate found)
    {
        if (found.Document is not { } document)
        {
            return (CertificateSource.CertificateFile, string.Empty);
        }

        return document.Class switch
        {
            DocumentClass.TalosClientConfig => (CertificateSource.Talosconfig, found.Node?.Parent?.KeyInParent ?? string.Empty),
            DocumentClass.TalosSecretsBundle => (CertificateSource.SecretsBundle, string.Empty),
            DocumentClass.KubernetesObject => (CertificateSource.Kubeconfig, found.Node?.Parent?.Parent?["name"]?.AsString() ?? string.Empty),
            _ => (CertificateSource.MachineConfig, string.Empty),
        };
    }

    /// <summary>Which Talos CA a certificate is, from the field that holds it.</summary>
    private static string AuthorityOf(FoundCertificate found)
    {
        if (found.Node is not { } node || found.Document is not { } document)
        {
            return string.Empty;
        }

        var path = node.Path;
        return document.Class switch
        {
            DocumentClass.TalosSecretsBundle => node.Parent?.KeyInParent ?? string.Empty,
            DocumentClass.TalosClientConfig when node.KeyInParent == "ca" => "os",
            DocumentClass.KubernetesObject when node.KeyInParent == "certificate-authority-data" => "k8s",
            DocumentClass.TalosMachineConfig or DocumentClass.TalosDocument =>
                path.StartsWith("machine.", StringComparison.Ordinal) ? "os"
                : path.StartsWith("cluster.etcd.", StringComparison.Ordinal) ? "etcd"
                : path.StartsWith("cluster.aggregatorCA", StringComparison.Ordinal) || document.Kind == "KubeAggregatorCAConfig" ? "k8saggregator"
                : "k8s",
            _ => string.Empty,
        };
    }

    private static IReadOnlyList<string> Strings(YamlNode? node) =>
        node is null ? [] : node.IsSequence ? [.. node.Items.Select(i => i.AsString()).OfType<string>()] : node.AsString() is { } one ? [one] : [];

    private static List<string> Values(X500DistinguishedName name, string oid) =>
        [.. name.EnumerateRelativeDistinguishedNames(reversed: false)
            .Where(r => !r.HasMultipleElements && r.GetSingleElementType().Value == oid)
            .Select(r => r.GetSingleElementValue() ?? string.Empty)];

    private static readonly Dictionary<string, string> LabelledAttributes = new(StringComparer.Ordinal)
    {
        ["2.5.4.6"] = "C",
        ["2.5.4.9"] = "ST",
        ["2.5.4.7"] = "L",
        ["2.5.4.10"] = "O",
        ["2.5.4.11"] = "OU",
        ["2.5.4.3"] = "CN",
    };

    private static List<KeyValuePair<string, string>> Parts(X500DistinguishedName name) =>
        [.. name.EnumerateRelativeDistinguishedNames(reversed: false)
            .Where(r => !r.HasMultipleElements && LabelledAttributes.ContainsKey(r.GetSingleElementType().Value ?? string.Empty))
            .Select(r => KeyValuePair.Create(LabelledAttributes[r.GetSingleElementType().Value!], r.GetSingleElementValue() ?? string.Empty))];

    private static (string Type, int? Bits, string? Curve) Key(X509Certificate2 certificate)
    {
        switch (certificate.PublicKey.Oid.Value)
        {
            case "1.2.840.113549.1.1.1":
                using (var rsa = certificate.GetRSAPublicKey())
                {
                    return ("RSA", rsa?.KeySize, null);
                }

            case "1.2.840.10045.2.1":
                var curve = string.Empty;
                try
                {
                    curve = new AsnReader(certificate.PublicKey.EncodedParameters?.RawData ?? [], AsnEncodingRules.DER).ReadObjectIdentifier();
                }
                catch (AsnContentException)
                {
                    // Explicit curve parameters instead of a named curve: shown as such.
                    curve = "explicit";
                }

                return ("ECDSA", null, CurveNames.GetValueOrDefault(curve, curve));
            case "1.3.101.112":
                return ("Ed25519", null, null);
            case "1.3.101.113":
                return ("Ed448", null, null);
            default:
                return (certificate.PublicKey.Oid.Value ?? "unknown", null, null);
        }
    }

    /// <summary>The key as the table shows it: <c>RSA 2048</c>, <c>ECDSA P-256</c>, <c>Ed25519</c>.</summary>
    public string KeyDescription => KeyBits is { } bits ? string.Create(CultureInfo.InvariantCulture, $"{KeyType} {bits}") : Curve is { } curve ? $"{KeyType} {curve}" : KeyType;
}
