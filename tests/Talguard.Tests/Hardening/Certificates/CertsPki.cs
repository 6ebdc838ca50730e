using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Talguard.Tests.Hardening.Certificates;

/// <summary>
/// A cluster's PKI written to a temporary directory, built independently of <see cref="TestPki"/>: keys are kept so
/// talosconfigs and kubeconfigs carry real, matching private keys. Subjects, serials and dates are fixed around
/// <see cref="Now"/>; the keys are fresh each run, and no output may depend on them.
/// </summary>
internal sealed class CertsPki : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly string NowText = "2026-06-01T12:00:00Z";

    private readonly List<IDisposable> _owned = [];

    public CertsPki()
    {
        Root = Directory.CreateTempSubdirectory("talguard-certs-").FullName;
        OsCa = Ca("O=talos", Now.AddYears(-1), Now.AddYears(9), 0x10);
        KubernetesCa = Ca("CN=kubernetes, O=kubernetes", Now.AddYears(-1), Now.AddYears(9), 0x11);
        EtcdCa = Ca("O=etcd", Now.AddYears(-1), Now.AddYears(9), 0x12);
        AggregatorCa = Ca("CN=front-proxy", Now.AddYears(-1), Now.AddYears(9), 0x13);
        OtherOsCa = Ca("O=talos", Now.AddYears(-1), Now.AddYears(9), 0x14);
        using var serviceAccount = RSA.Create(2048);

        Write("secrets.yaml",
            $"cluster:\n  id: aWQ=\n  secret: c2VjcmV0\nsecrets:\n  bootstraptoken: abcdef.0123456789abcdef\n  secretboxencryptionsecret: c2VjcmV0\n" +
            $"trustdinfo:\n  token: abcdef.0123456789abcdef\ncerts:\n" +
            $"  etcd:\n    crt: {B64(EtcdCa.ExportCertificatePem())}\n    key: {B64(KeyPem(EtcdCa))}\n" +
            $"  k8s:\n    crt: {B64(KubernetesCa.ExportCertificatePem())}\n    key: {B64(KeyPem(KubernetesCa))}\n" +
            $"  k8saggregator:\n    crt: {B64(AggregatorCa.ExportCertificatePem())}\n    key: {B64(KeyPem(AggregatorCa))}\n" +
            $"  k8sserviceaccount:\n    key: {B64(serviceAccount.ExportRSAPrivateKeyPem())}\n" +
            $"  os:\n    crt: {B64(OsCa.ExportCertificatePem())}\n    key: {B64(KeyPem(OsCa))}\n");

        Reader = Leaf(OsCa, "O=os:reader", Now.AddDays(-10), Now.AddDays(355), 0x20, clientAuth: true);
        Write("talosconfig-reader", Talosconfig("reader", OsCa, Reader));
        Expired = Leaf(OsCa, "O=os:operator", Now.AddYears(-1), Now.AddDays(-3), 0x21, clientAuth: true);
        Write("talosconfig-expired", Talosconfig("ops", OsCa, Expired));
        Weak = WeakLeaf(OsCa, "O=os:reader, CN=legacy", 0x22);
        Write("talosconfig-weak", Talosconfig("legacy", OsCa, Weak));
        WrongCa = Leaf(OtherOsCa, "O=os:admin", Now.AddDays(-1), Now.AddDays(300), 0x23, clientAuth: true);
        Write("talosconfig-wrongca", Talosconfig("stale", OsCa, WrongCa));
        LongAdmin = Leaf(OsCa, "O=os:admin", Now.AddDays(-1), Now.AddYears(5), 0x24, clientAuth: true);
        Write("talosconfig-admin", Talosconfig("admin", OsCa, LongAdmin));

        KubeAdmin = Leaf(KubernetesCa, "CN=admin, O=system:masters", Now.AddDays(-100), Now.AddDays(265), 0x30, clientAuth: true);
        Write("kubeconfig",
            "apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://10.5.0.2:6443\n" +
            $"    certificate-authority-data: {B64(KubernetesCa.ExportCertificatePem())}\n" +
            $"users:\n- name: admin@prod\n  user:\n    client-certificate-data: {B64(KubeAdmin.ExportCertificatePem())}\n    client-key-data: {B64(KeyPem(KubeAdmin))}\n" +
            "contexts:\n- name: admin@prod\n  context:\n    cluster: prod\n    user: admin@prod\ncurrent-context: admin@prod\n");

        ServerLeaf = Leaf(KubernetesCa, "CN=apiserver", Now.AddDays(-1), Now.AddDays(20), 0x31, clientAuth: false);
        Write("files/kubeconfig-files.yaml",
            "apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://10.5.0.2:6443\n    certificate-authority: ca.crt\n" +
            "users:\n- name: server-as-client\n  user:\n    client-certificate: server.crt\n    client-key: server.key\n" +
            "contexts:\n- name: misuse\n  context:\n    cluster: prod\n    user: server-as-client\n");
        Write("files/ca.crt", KubernetesCa.ExportCertificatePem());
        Write("files/server.crt", ServerLeaf.ExportCertificatePem());
        Write("files/server.key", KeyPem(ServerLeaf));

        // A bundle in any order: a key, then the leaf, then an unrelated certificate (that key is not the leaf's).
        Write("bundle/mixed.pem", KeyPem(KubeAdmin) + ServerLeaf.ExportCertificatePem());
        File.WriteAllBytes(Path.Combine(Root, "bundle", "etcd-ca.der"), EtcdCa.RawData);
    }

    public string Root { get; }

    public X509Certificate2 OsCa { get; }

    public X509Certificate2 KubernetesCa { get; }

    public X509Certificate2 EtcdCa { get; }

    public X509Certificate2 AggregatorCa { get; }

    public X509Certificate2 OtherOsCa { get; }

    public X509Certificate2 Reader { get; }

    public X509Certificate2 Expired { get; }

    public X509Certificate2 Weak { get; }

    public X509Certificate2 WrongCa { get; }

    public X509Certificate2 LongAdmin { get; }

    public X509Certificate2 KubeAdmin { get; }

    public X509Certificate2 ServerLeaf { get; }

    /// <summary>The base64 of every private key's DER as it appears in the files, and of the YAML fields' PEM text.</summary>
    public List<string> KeySecrets { get; } = [];

    /// <summary>The path the CLI is given for a file of the PKI (the CLI runs in the repository root).</summary>
    public string Arg(string relative = "") => Path.Combine(Root, relative).TrimEnd('/');

    public void Dispose()
    {
        _owned.ForEach(o => o.Dispose());
        Directory.Delete(Root, recursive: true);
    }

    public void Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private X509Certificate2 Ca(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter, byte serial)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _owned.Add(key);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, true));
        using var generated = request.Create(request.SubjectName, X509SignatureGenerator.CreateForECDsa(key), notBefore, notAfter, [serial]);
        var certificate = generated.CopyWithPrivateKey(key);
        _owned.Add(certificate);
        return certificate;
    }

    private X509Certificate2 Leaf(X509Certificate2 ca, string subject, DateTimeOffset notBefore, DateTimeOffset notAfter, byte serial, bool clientAuth)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _owned.Add(key);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(clientAuth ? "1.3.6.1.5.5.7.3.2" : "1.3.6.1.5.5.7.3.1")], false));
        using var signed = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(ca.GetECDsaPrivateKey()!), notBefore, notAfter, [serial]);
        var certificate = signed.CopyWithPrivateKey(key);
        _owned.Add(certificate);
        return certificate;
    }

    /// <summary>An RSA-1024 client certificate that the OS CA signs with ECDSA-SHA1 (CertificateRequest refuses SHA-1, so a generator does it).</summary>
    private X509Certificate2 WeakLeaf(X509Certificate2 ca, string subject, byte serial)
    {
        var key = RSA.Create(1024);
        _owned.Add(key);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var signed = request.Create(ca.SubjectName, new Sha1EcdsaGenerator(ca.GetECDsaPrivateKey()!), Now.AddDays(-30), Now.AddDays(200), [serial]);
        var certificate = signed.CopyWithPrivateKey(key);
        _owned.Add(certificate);
        return certificate;
    }

    private string KeyPem(X509Certificate2 certificate)
    {
        var der = certificate.GetECDsaPrivateKey() is { } ec ? ec.ExportPkcs8PrivateKey() : certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKey();
        var base64 = Convert.ToBase64String(der);
        KeySecrets.Add(base64[..64]);
        var pem = PemEncoding.WriteString("PRIVATE KEY", der) + "\n";
        KeySecrets.Add(B64(pem)[..64]);
        return pem;
    }

    private string Talosconfig(string context, X509Certificate2 ca, X509Certificate2 client) =>
        $"context: {context}\ncontexts:\n  {context}:\n    endpoints:\n      - 10.5.0.2\n    nodes:\n      - 10.5.0.3\n" +
        $"    ca: {B64(ca.ExportCertificatePem())}\n    crt: {B64(client.ExportCertificatePem())}\n    key: {B64(KeyPem(client))}\n";

    private static string B64(string text) => Convert.ToBase64String(Encoding.ASCII.GetBytes(text.EndsWith('\n') ? text : text + "\n"));

    private sealed class Sha1EcdsaGenerator(ECDsa key) : X509SignatureGenerator
    {
        /// <summary>DER AlgorithmIdentifier of ecdsa-with-SHA1 (no parameters).</summary>
        private static readonly byte[] EcdsaWithSha1 = [0x30, 0x09, 0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x01];

        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) => EcdsaWithSha1;

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => key.SignData(data, HashAlgorithmName.SHA1, DSASignatureFormat.Rfc3279DerSequence);

        protected override PublicKey BuildPublicKey() => PublicKey.CreateFromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
    }
}
