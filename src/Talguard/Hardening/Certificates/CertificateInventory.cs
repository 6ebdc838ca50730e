using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.Certificates;

/// <summary>One certificate found in an input, at the YAML node that carries it; <paramref name="Config"/> is its Talos file (null in a talosconfig, kubeconfig or secrets bundle).</summary>
internal sealed record FoundCertificate(LocatedDocument Document, YamlNode Node, X509Certificate2 Certificate, TalosConfigFile? Config);

/// <summary>A client certificate of a talosconfig or kubeconfig context, with the CA shipped next to it.</summary>
internal sealed record ClientCredential(LocatedDocument Document, YamlNode Context, string Name, bool IsTalos, X509Certificate2 Certificate, IReadOnlyList<X509Certificate2> ShippedCas);

/// <summary>
/// Every certificate in Talos configs and patches (see <see cref="CertificateAuthorities"/>), talosconfigs, kubeconfigs
/// and secrets bundles, decoded once per scan (shared by the CERT rules through <c>ScanContext.Shared</c>); the same
/// text in many node configs, such as a cluster's CA, is decoded once. Values are base64-encoded PEM (raw PEM is accepted too);
/// what does not decode is skipped.
/// </summary>
internal sealed class CertificateInventory : IDisposable
{
    /// <summary>A kubeconfig's <c>clusters[].cluster</c> entry (a kubeconfig key, not the Talos <c>cluster</c> section).</summary>
    private const string KubeconfigClusterField = "cluster";

    private readonly Dictionary<YamlNode, X509Certificate2[]> _decoded = [];
    private readonly Dictionary<string, X509Certificate2[]> _decodedText = new(StringComparer.Ordinal);

    public CertificateInventory(ClusterModel model)
    {
        foreach (var file in model.TalosFiles)
        {
            foreach (var field in CertificateAuthorities.Of(file).Certificates)
            {
                Add(field.Document, field.Node, Authorities(field.Authority), file);
            }
        }

        foreach (var document in model.Files.SelectMany(f => f.Documents))
        {
            switch (document.Class)
            {
                case DocumentClass.TalosClientConfig:
                    ReadTalosconfig(document);
                    break;
                case DocumentClass.TalosSecretsBundle:
                    foreach (var (name, entry) in document.At("certs")?.Entries ?? [])
                    {
                        Add(document, entry["crt"], name.Value switch { "os" => TalosCas, "k8s" => KubernetesCas, _ => null }, null);
                    }

                    break;
                case DocumentClass.KubernetesObject when document.Kind == "Config" && document.At("clusters") is not null:
                    ReadKubeconfig(document);
                    break;
            }
        }
    }

    public List<FoundCertificate> All { get; } = [];

    public List<ClientCredential> Clients { get; } = [];

    /// <summary>Talos API (os) CAs among the inputs: <c>machine.ca</c>, <c>machine.acceptedCAs</c>, the bundle's <c>certs.os</c>.</summary>
    public List<X509Certificate2> TalosCas { get; } = [];

    /// <summary>Kubernetes CAs among the inputs: <c>cluster.ca</c>, <c>cluster.acceptedCAs</c>, the bundle's <c>certs.k8s</c>.</summary>
    public List<X509Certificate2> KubernetesCas { get; } = [];

    /// <summary>The certificates <paramref name="context"/>'s rule judges: those of the Talos files it is handed, and of the credentials when it reads them.</summary>
    public IEnumerable<FoundCertificate> JudgedBy(ScanContext context)
    {
        var configs = context.Configs.ToHashSet();
        var credentials = context.Rule is { } rule && rule.Inputs.HasFlag(RuleInputs.Credentials);
        return All.Where(found => found.Config is { } config ? configs.Contains(config) : credentials);
    }

    public void Dispose()
    {
        foreach (var certificate in _decodedText.Values.SelectMany(c => c))
        {
            certificate.Dispose();
        }
    }

    /// <summary>True when <paramref name="issuer"/>'s key signed <paramref name="certificate"/> (validity dates and usages are not judged here).</summary>
    public static bool IsSignedBy(X509Certificate2 certificate, X509Certificate2 issuer, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(issuer);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreNotTimeNested |
            X509VerificationFlags.IgnoreWrongUsage | X509VerificationFlags.IgnoreInvalidBasicConstraints | X509VerificationFlags.IgnoreInvalidPolicy;
        try
        {
            return chain.Build(certificate) && chain.ChainElements.Count == 2 && chain.ChainElements[1].Certificate.RawDataMemory.Span.SequenceEqual(issuer.RawDataMemory.Span);
        }
        catch (CryptographicException)
        {
            // A certificate the platform cannot even parse into a chain was certainly not verified by this issuer.
            return false;
        }
    }

    private List<X509Certificate2>? Authorities(CertificateAuthority authority) => authority switch
    {
        CertificateAuthority.TalosApi => TalosCas,
        CertificateAuthority.Kubernetes => KubernetesCas,
        _ => null,
    };

    private void ReadTalosconfig(LocatedDocument document)
    {
        foreach (var (name, context) in document.At("contexts")?.Entries ?? [])
        {
            var cas = Add(document, context["ca"], null, null);
            var client = Add(document, context["crt"], null, null);
            if (client.Length > 0)
            {
                Clients.Add(new ClientCredential(document, context, name.Value, IsTalos: true, client[0], cas));
            }
        }
    }

    private void ReadKubeconfig(LocatedDocument document)
    {
        var clusters = new Dictionary<string, X509Certificate2[]>(StringComparer.Ordinal);
        foreach (var cluster in document.At("clusters")?.Items ?? [])
        {
            clusters[cluster["name"]?.AsString() ?? string.Empty] = Add(document, cluster.At(KubeconfigClusterField, "certificate-authority-data"), null, null);
        }

        var users = new Dictionary<string, X509Certificate2[]>(StringComparer.Ordinal);
        foreach (var user in document.At("users")?.Items ?? [])
        {
            users[user["name"]?.AsString() ?? string.Empty] = Add(document, user.At("user", "client-certificate-data"), null, null);
        }

        foreach (var context in document.At("contexts")?.Items ?? [])
        {
            var name = context["name"]?.AsString() ?? string.Empty;
            var user = context.At("context", "user")?.AsString() ?? string.Empty;
            var cluster = context.At("context", "cluster")?.AsString() ?? string.Empty;
            if (users.TryGetValue(user, out var client) && client.Length > 0)
            {
                Clients.Add(new ClientCredential(document, context, name, IsTalos: false, client[0], clusters.GetValueOrDefault(cluster) ?? []));
            }
        }
    }

    private X509Certificate2[] Add(LocatedDocument document, YamlNode? node, List<X509Certificate2>? cas, TalosConfigFile? config)
    {
        if (node?.AsString() is not { Length: > 0 } text)
        {
            return [];
        }

        if (!_decoded.TryGetValue(node, out var certificates))
        {
            if (!_decodedText.TryGetValue(text, out certificates))
            {
                certificates = Decode(text);
                _decodedText[text] = certificates;
            }

            _decoded[node] = certificates;
            All.AddRange(certificates.Select(c => new FoundCertificate(document, node, c, config)));
            cas?.AddRange(certificates);
        }

        return certificates;
    }

    private static X509Certificate2[] Decode(string text)
    {
        var pem = text;
        if (!text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            var buffer = new byte[text.Length];
            if (!Convert.TryFromBase64String(text.Trim(), buffer, out var written))
            {
                return [];
            }

            pem = Encoding.UTF8.GetString(buffer, 0, written);
        }

        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(pem);
            foreach (var certificate in collection)
            {
                RequireDecodable(certificate);
            }
        }
        catch (CryptographicException)
        {
            foreach (var partial in collection)
            {
                partial.Dispose();
            }

            return [];
        }

        return [.. collection];
    }

    /// <summary>
    /// Decodes now what the rules read later, so a certificate with a damaged name or key is refused here like any
    /// other undecodable one: the loader decodes those parts lazily, and a rule would otherwise end the scan.
    /// </summary>
    private static void RequireDecodable(X509Certificate2 certificate)
    {
        _ = (certificate.SubjectName.EnumerateRelativeDistinguishedNames().Count(), certificate.IssuerName.EnumerateRelativeDistinguishedNames().Count(),
            certificate.Subject, certificate.Issuer, certificate.NotBefore, certificate.NotAfter, certificate.SignatureAlgorithm.Value, certificate.Extensions.Count);
        using var rsa = certificate.GetRSAPublicKey();
        _ = rsa?.KeySize;
    }
}
