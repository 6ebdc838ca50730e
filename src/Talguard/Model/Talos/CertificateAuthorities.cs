namespace Talguard.Model.Talos;

/// <summary>The PKI a certificate or key of a Talos config belongs to.</summary>
public enum CertificateAuthority
{
    /// <summary>The Talos API (os) CA: <c>machine.ca</c>, <c>machine.acceptedCAs</c>.</summary>
    TalosApi,

    /// <summary>The Kubernetes CA: <c>cluster.ca</c>, <c>cluster.acceptedCAs</c>, <c>KubeAPIServerCAConfig</c>.</summary>
    Kubernetes,

    /// <summary>The front-proxy CA: <c>cluster.aggregatorCA</c>, <c>KubeAggregatorCAConfig</c>.</summary>
    Aggregator,

    /// <summary>The etcd CA: <c>cluster.etcd.ca</c>.</summary>
    Etcd,

    /// <summary>The service account token signing key: <c>cluster.serviceAccount</c>, <c>KubeServiceAccountConfig</c>.</summary>
    ServiceAccount,
}

/// <summary>A certificate or private key field of a Talos document, at the scalar that holds it.</summary>
/// <param name="Document">The document holding the value.</param>
/// <param name="Node">The scalar: base64-encoded PEM in the v1alpha1 document, PEM in the v1.14 documents.</param>
/// <param name="Name">The field as a reader finds it: <c>machine.ca.key</c>, or <c>KubeAPIServerCAConfig issuingCA.key</c>.</param>
/// <param name="Authority">The PKI it belongs to.</param>
public sealed record CertificateField(LocatedDocument Document, YamlNode Node, string Name, CertificateAuthority Authority)
{
    /// <summary>The text of the value; empty when the field is blank.</summary>
    public string Text => Node.AsString() ?? string.Empty;
}

/// <summary>
/// The certificate authorities one Talos file carries: CA certificates (issuing and accepted) and the CA and signing
/// keys only control-plane nodes may hold. Read from the main document (full config or bare strategic-merge patch:
/// <c>machine.ca</c>, <c>machine.acceptedCAs</c>, <c>cluster.ca</c>, <c>cluster.acceptedCAs</c>, <c>cluster.aggregatorCA</c>,
/// <c>cluster.etcd.ca</c>, <c>cluster.serviceAccount</c>) and from the v1.14 documents that replace the cluster ones
/// (<c>KubeAPIServerCAConfig</c>, <c>KubeAggregatorCAConfig</c>, <c>KubeServiceAccountConfig</c>).
/// </summary>
public sealed class CertificateAuthorities
{
    private static readonly (string[] Keys, CertificateAuthority Authority)[] MainCertificateAndKeys =
    [
        (["machine", "ca"], CertificateAuthority.TalosApi),
        (["cluster", "ca"], CertificateAuthority.Kubernetes),
        (["cluster", "aggregatorCA"], CertificateAuthority.Aggregator),
        (["cluster", "etcd", "ca"], CertificateAuthority.Etcd),
    ];

    private static readonly (string[] Keys, CertificateAuthority Authority)[] MainAcceptedCas =
    [
        (["machine", "acceptedCAs"], CertificateAuthority.TalosApi),
        (["cluster", "acceptedCAs"], CertificateAuthority.Kubernetes),
    ];

    private static readonly string[] MainServiceAccountKey = ["cluster", "serviceAccount", "key"];

    private static readonly (string Kind, CertificateAuthority Authority)[] IssuingCaDocuments =
    [
        ("KubeAPIServerCAConfig", CertificateAuthority.Kubernetes),
        ("KubeAggregatorCAConfig", CertificateAuthority.Aggregator),
    ];

    private CertificateAuthorities(IReadOnlyList<CertificateField> certificates, IReadOnlyList<CertificateField> privateKeys, bool declaresControlPlane)
    {
        Certificates = certificates;
        PrivateKeys = privateKeys;
        DeclaresControlPlane = declaresControlPlane;
    }

    /// <summary>CA certificates, issuing and accepted, in document order.</summary>
    public IReadOnlyList<CertificateField> Certificates { get; }

    /// <summary>CA private keys and the service account signing key, blank ones included, in document order.</summary>
    public IReadOnlyList<CertificateField> PrivateKeys { get; }

    /// <summary>
    /// Whether the main document says the node is a control plane (<c>machine.type</c> controlplane or init). A patch that
    /// leaves the type out may be applied to workers as well (<c>talosctl gen config --config-patch</c> patches both).
    /// </summary>
    public bool DeclaresControlPlane { get; }

    public static CertificateAuthorities Of(TalosConfigFile file) => file.View(Read);

    private static CertificateAuthorities Read(TalosConfigFile file)
    {
        var certificates = new List<CertificateField>();
        var keys = new List<CertificateField>();
        var declaresControlPlane = false;
        if (file.Main is { } main)
        {
            declaresControlPlane = main.At("machine", "type")?.AsString() is "controlplane" or "init";
            foreach (var (path, authority) in MainCertificateAndKeys)
            {
                var prefix = string.Join('.', path);
                AddScalar(certificates, main, main.At([.. path, "crt"]), prefix + ".crt", authority);
                AddScalar(keys, main, main.At([.. path, "key"]), prefix + ".key", authority);
            }

            AddScalar(keys, main, main.At(MainServiceAccountKey), string.Join('.', MainServiceAccountKey), CertificateAuthority.ServiceAccount);
            foreach (var (path, authority) in MainAcceptedCas)
            {
                foreach (var accepted in main.At(path)?.Items ?? [])
                {
                    AddScalar(certificates, main, accepted["crt"], string.Join('.', path) + "[].crt", authority);
                }
            }
        }

        foreach (var (kind, authority) in IssuingCaDocuments)
        {
            foreach (var document in file.OfKind(kind))
            {
                AddScalar(certificates, document, document.At("issuingCA", "cert"), kind + " issuingCA.cert", authority);
                AddScalar(keys, document, document.At("issuingCA", "key"), kind + " issuingCA.key", authority);
                foreach (var accepted in document.At("acceptedCAs")?.Items ?? [])
                {
                    AddScalar(certificates, document, accepted, kind + " acceptedCAs[]", authority);
                }
            }
        }

        foreach (var document in file.OfKind("KubeServiceAccountConfig"))
        {
            AddScalar(keys, document, document.At("issuer", "privateKey"), "KubeServiceAccountConfig issuer.privateKey", CertificateAuthority.ServiceAccount);
        }

        return new CertificateAuthorities(certificates, keys, declaresControlPlane);
    }

    private static void AddScalar(List<CertificateField> fields, LocatedDocument document, YamlNode? node, string name, CertificateAuthority authority)
    {
        if (node is { IsScalar: true })
        {
            fields.Add(new CertificateField(document, node, name, authority));
        }
    }
}
