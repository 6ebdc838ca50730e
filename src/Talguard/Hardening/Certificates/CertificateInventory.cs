using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.Certificates;

/// <summary>
/// One certificate found in an input. <paramref name="Place"/> is where findings point; <paramref name="Where"/> names it
/// inside its file (a YAML path, a context, a PEM block); <paramref name="Document"/> and <paramref name="Node"/> are the
/// YAML that carries it (null in a PEM or DER file); <paramref name="Config"/> is its Talos file (null in a talosconfig,
/// kubeconfig, secrets bundle or certificate file).
/// </summary>
internal sealed record FoundCertificate(Location Place, string Where, LocatedDocument? Document, YamlNode? Node, X509Certificate2 Certificate, TalosConfigFile? Config)
{
    public string File => Place.File;
}

/// <summary>Where a private key was found, for the rules that judge who holds it.</summary>
internal enum KeyHolder
{
    /// <summary>A Talos machine config, secrets bundle or key file: a CA key is at home there.</summary>
    Authority,

    /// <summary>A talosconfig or kubeconfig: a client credential that travels to laptops and CI.</summary>
    ClientConfig,
}

/// <summary>
/// A private key found in an input, never its bytes: the public key it belongs to (null when it cannot be worked out,
/// see <see cref="PrivateKeyInfo"/>) and the certificate it is paired with in its file, if any.
/// </summary>
internal sealed record FoundKey(Location Place, string Where, LocatedDocument? Document, YamlNode? Node, byte[]? PublicKey, FoundCertificate? Owner, KeyHolder Holder);

/// <summary>A client certificate of a talosconfig or kubeconfig context, with the CA shipped next to it and its key.</summary>
internal sealed record ClientCredential(LocatedDocument Document, YamlNode Context, string Name, bool IsTalos, X509Certificate2 Certificate, IReadOnlyList<X509Certificate2> ShippedCas)
{
    public FoundCertificate? Found { get; init; }

    public FoundKey? Key { get; init; }
}

/// <summary>The certificates and keys of one PEM or DER file, read strictly (<see cref="CertificateInventory.ReadFile"/>).</summary>
internal sealed record CertificateFile(string Display, IReadOnlyList<FoundCertificate> Certificates, IReadOnlyList<FoundKey> Keys);

/// <summary>
/// Every certificate and private key in Talos configs and patches (see <see cref="CertificateAuthorities"/>), talosconfigs,
/// kubeconfigs (inline and in the files they name), secrets bundles and, for <c>talguard certs</c>, PEM and DER files,
/// decoded once per scan (shared by the CERT rules through <c>ScanContext.Shared</c>); the same text in many node configs,
/// such as a cluster's CA, is decoded once. Values are base64-encoded PEM (raw PEM is accepted too). What does not decode
/// is left out of the inventory and listed in <see cref="Problems"/>: a scan skips it, <c>talguard certs</c> refuses it.
/// </summary>
internal sealed class CertificateInventory : IDisposable
{
    /// <summary>A kubeconfig's <c>clusters[].cluster</c> entry (a kubeconfig key, not the Talos <c>cluster</c> section).</summary>
    private const string KubeconfigClusterField = "cluster";

    /// <summary>PEM and DER files handed to a model by <c>talguard certs</c>; a scan has none.</summary>
    private static readonly ConditionalWeakTable<ClusterModel, IReadOnlyList<CertificateFile>> AttachedFiles = new();

    private readonly Dictionary<YamlNode, X509Certificate2[]> _decoded = [];
    private readonly Dictionary<string, X509Certificate2[]> _decodedText = new(StringComparer.Ordinal);

    public CertificateInventory(ClusterModel model)
    {
        foreach (var file in model.TalosFiles)
        {
            ReadTalosFile(file);
        }

        foreach (var document in model.Files.SelectMany(f => f.Documents))
        {
            switch (document.Class)
            {
                case DocumentClass.TalosClientConfig:
                    ReadTalosconfig(document);
                    break;
                case DocumentClass.TalosSecretsBundle:
                    ReadSecretsBundle(document);
                    break;
                case DocumentClass.KubernetesObject when IsKubeconfig(document):
                    ReadKubeconfig(document);
                    break;
            }
        }

        if (AttachedFiles.TryGetValue(model, out var files))
        {
            foreach (var file in files)
            {
                All.AddRange(file.Certificates);
                Keys.AddRange(file.Keys);
            }
        }
    }

    public List<FoundCertificate> All { get; } = [];

    public List<FoundKey> Keys { get; } = [];

    public List<ClientCredential> Clients { get; } = [];

    /// <summary>Fields that hold something other than what they should (damaged base64, another PEM type, an encrypted key), in input order.</summary>
    public List<InputException> Problems { get; } = [];

    /// <summary>Talos API (os) CAs among the inputs: <c>machine.ca</c>, <c>machine.acceptedCAs</c>, the bundle's <c>certs.os</c>.</summary>
    public List<X509Certificate2> TalosCas { get; } = [];

    /// <summary>Kubernetes CAs among the inputs: <c>cluster.ca</c>, <c>cluster.acceptedCAs</c>, the bundle's <c>certs.k8s</c>.</summary>
    public List<X509Certificate2> KubernetesCas { get; } = [];

    public static bool IsKubeconfig(LocatedDocument document) => document.Kind == "Config" && document.At("clusters") is not null;

    /// <summary>Hands <paramref name="files"/> to every inventory built over <paramref name="model"/>, so the rules judge them with the YAML inputs.</summary>
    public static void Attach(ClusterModel model, IReadOnlyList<CertificateFile> files) => AttachedFiles.AddOrUpdate(model, files);

    /// <summary>The certificates <paramref name="context"/>'s rule judges: those of the Talos files it is handed, and of the credentials when it reads them.</summary>
    public IEnumerable<FoundCertificate> JudgedBy(ScanContext context)
    {
        var configs = context.Configs.ToHashSet();
        var credentials = context.Rule is { } rule && rule.Inputs.HasFlag(RuleInputs.Credentials);
        return All.Where(found => found.Config is { } config ? configs.Contains(config) : credentials);
    }

    /// <summary>Reports a finding at the YAML node that carries a certificate or key, or at its place in a PEM or DER file.</summary>
    public static void Report(ScanContext context, RuleDescriptor rule, Location place, LocatedDocument? document, YamlNode? node, string message, Severity? severity = null)
    {
        if (document is not null && node is not null)
        {
            context.Report(rule, document, node, message, severity: severity);
        }
        else
        {
            context.Add(new Finding(rule, severity ?? rule.Severity, message, place));
        }
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
            // A self-signed certificate shipped as its own CA is a chain of one.
            var selfSigned = certificate.RawDataMemory.Span.SequenceEqual(issuer.RawDataMemory.Span);
            return chain.Build(certificate) && chain.ChainElements.Count == (selfSigned ? 1 : 2)
                && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(issuer.RawDataMemory.Span);
        }
        catch (CryptographicException)
        {
            // A certificate the platform cannot even parse into a chain was certainly not verified by this issuer.
            return false;
        }
    }

    /// <summary>
    /// The certificates and keys of a PEM file (blocks in any order) or a DER certificate, read strictly: anything else
    /// (a damaged block, another PEM type, an encrypted key, DER that is not a certificate) is an <see cref="InputException"/>.
    /// A file with exactly one certificate and one key pairs them.
    /// </summary>
    public static CertificateFile ReadFile(string display, byte[] bytes)
    {
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        var certificates = new List<FoundCertificate>();
        var keys = new List<PemBlock>();
        try
        {
            if (!PemBlocks.LooksLikePem(text))
            {
                var certificate = bytes is [0x30, ..]
                    ? CertificateText.Load(bytes, display, 0, "DER")
                    : throw new InputException(display, "neither PEM nor a DER certificate");
                certificates.Add(new FoundCertificate(Location.OfFile(display, "DER", "DER"), "DER", null, null, certificate, null));
                return new CertificateFile(display, certificates, []);
            }

            var blocks = PemBlocks.Read(text, display);
            foreach (var block in blocks)
            {
                var where = $"PEM block {block.Label} at line {block.Line}";
                if (block.Label == CertificateText.CertificateLabel)
                {
                    var certificate = CertificateText.Load(block.Der, display, block.Line, where);
                    certificates.Add(new FoundCertificate(new Location(display, block.Line, 1, 0, 0, "PEM", where), where, null, null, certificate, null));
                }
                else if (PrivateKeyInfo.Labels.Contains(block.Label))
                {
                    CertificateText.RequireUsableKey(block, display, block.Line, where);
                    keys.Add(block);
                }
                else
                {
                    throw new InputException(display, block.Line, $"PEM block {(block.Label.Length <= 40 ? block.Label : "of another type")}: not a certificate or private key");
                }
            }

            if (blocks.Count == 0)
            {
                throw new InputException(display, "no PEM block");
            }

            var owner = certificates.Count == 1 && keys.Count == 1 ? certificates[0] : null;
            var found = keys.Select(k => new FoundKey(new Location(display, k.Line, 1, 0, 0, "PEM", $"PEM block {k.Label} at line {k.Line}"),
                $"PEM block {k.Label} at line {k.Line}", null, null, PrivateKeyInfo.PublicKey(k), owner, KeyHolder.Authority)).ToList();
            return new CertificateFile(display, certificates, found);
        }
        catch
        {
            certificates.ForEach(c => c.Certificate.Dispose());
            throw;
        }
        finally
        {
            keys.ForEach(k => CryptographicOperations.ZeroMemory(k.Der));
        }
    }

    private List<X509Certificate2>? Authorities(CertificateAuthority authority) => authority switch
    {
        CertificateAuthority.TalosApi => TalosCas,
        CertificateAuthority.Kubernetes => KubernetesCas,
        _ => null,
    };

    private void ReadTalosFile(TalosConfigFile file)
    {
        var authorities = CertificateAuthorities.Of(file);
        var byName = new Dictionary<(LocatedDocument, string), FoundCertificate>();
        foreach (var field in authorities.Certificates)
        {
            var found = Add(field.Document, field.Node, Authorities(field.Authority), file);
            if (found.Count > 0)
            {
                byName[(field.Document, field.Name)] = found[0];
            }
        }

        foreach (var key in authorities.PrivateKeys.Where(k => !string.IsNullOrWhiteSpace(k.Text)))
        {
            var certificateName = key.Name.EndsWith(".key", StringComparison.Ordinal) ? key.Name[..^4] + (key.Name.Contains("issuingCA", StringComparison.Ordinal) ? ".cert" : ".crt") : null;
            AddKey(key.Document, key.Node, certificateName is null ? null : byName.GetValueOrDefault((key.Document, certificateName)), KeyHolder.Authority);
        }
    }

    private void ReadSecretsBundle(LocatedDocument document)
    {
        foreach (var (name, entry) in document.At("certs")?.Entries ?? [])
        {
            var found = Add(document, entry["crt"], name.Value switch { "os" => TalosCas, "k8s" => KubernetesCas, _ => null }, null);
            AddKey(document, entry["key"], found.Count > 0 ? found[0] : null, KeyHolder.Authority);
        }
    }

    private void ReadTalosconfig(LocatedDocument document)
    {
        foreach (var (name, context) in document.At("contexts")?.Entries ?? [])
        {
            var cas = Add(document, context["ca"], null, null, $"context {name.Value}");
            var client = Add(document, context["crt"], null, null, $"context {name.Value}");
            var key = AddKey(document, context["key"], client.Count > 0 ? client[0] : null, KeyHolder.ClientConfig, $"context {name.Value}");
            if (client.Count > 0)
            {
                Clients.Add(new ClientCredential(document, context, name.Value, IsTalos: true, client[0].Certificate, [.. cas.Select(c => c.Certificate)]) { Found = client[0], Key = key });
            }
        }
    }

    private void ReadKubeconfig(LocatedDocument document)
    {
        var clusters = new Dictionary<string, X509Certificate2[]>(StringComparer.Ordinal);
        foreach (var cluster in document.At("clusters")?.Items ?? [])
        {
            var name = cluster["name"]?.AsString() ?? string.Empty;
            var entry = cluster[KubeconfigClusterField];
            var found = Add(document, entry?["certificate-authority-data"], null, null, $"cluster {name}");
            found.AddRange(AddReferenced(document, entry?["certificate-authority"], $"cluster {name}"));
            clusters[name] = [.. found.Select(f => f.Certificate)];
        }

        var users = new Dictionary<string, (FoundCertificate? Certificate, FoundKey? Key)>(StringComparer.Ordinal);
        foreach (var user in document.At("users")?.Items ?? [])
        {
            var name = user["name"]?.AsString() ?? string.Empty;
            var entry = user["user"];
            var found = Add(document, entry?["client-certificate-data"], null, null, $"user {name}");
            found.AddRange(AddReferenced(document, entry?["client-certificate"], $"user {name}"));
            var owner = found.Count > 0 ? found[0] : null;
            var key = AddKey(document, entry?["client-key-data"], owner, KeyHolder.ClientConfig, $"user {name}")
                ?? AddReferencedKey(document, entry?["client-key"], owner, $"user {name}");
            users[name] = (owner, key);
        }

        foreach (var context in document.At("contexts")?.Items ?? [])
        {
            var name = context["name"]?.AsString() ?? string.Empty;
            var user = context.At("context", "user")?.AsString() ?? string.Empty;
            var cluster = context.At("context", "cluster")?.AsString() ?? string.Empty;
            if (users.TryGetValue(user, out var client) && client.Certificate is { } found)
            {
                Clients.Add(new ClientCredential(document, context, name, IsTalos: false, found.Certificate, clusters.GetValueOrDefault(cluster) ?? []) { Found = found, Key = client.Key });
            }
        }
    }

    private List<FoundCertificate> Add(LocatedDocument document, YamlNode? node, List<X509Certificate2>? cas, TalosConfigFile? config, string? label = null)
    {
        if (node?.AsString() is not { Length: > 0 } text)
        {
            return [];
        }

        var place = Location.At(document, node);
        var where = label is null ? node.Path : $"{node.Path} ({label})";
        if (!_decoded.TryGetValue(node, out var certificates))
        {
            if (!_decodedText.TryGetValue(text, out certificates))
            {
                try
                {
                    certificates = CertificateText.FieldCertificates(text, place.File, place.Line, node.Path);
                }
                catch (InputException ex)
                {
                    Problems.Add(ex);
                    certificates = [];
                }

                _decodedText[text] = certificates;
            }

            _decoded[node] = certificates;
            All.AddRange(certificates.Select(c => new FoundCertificate(place, where, document, node, c, config)));
            cas?.AddRange(certificates);
        }

        return [.. All.Where(f => f.Node == node)];
    }

    private FoundKey? AddKey(LocatedDocument document, YamlNode? node, FoundCertificate? owner, KeyHolder holder, string? label = null)
    {
        if (node?.AsString() is not { Length: > 0 } text)
        {
            return null;
        }

        var place = Location.At(document, node);
        try
        {
            var block = CertificateText.FieldKey(text, place.File, place.Line, node.Path);
            var key = new FoundKey(place, label is null ? node.Path : $"{node.Path} ({label})", document, node, PrivateKeyInfo.PublicKey(block), owner, holder);
            CryptographicOperations.ZeroMemory(block.Der);
            Keys.Add(key);
            return key;
        }
        catch (InputException ex)
        {
            Problems.Add(ex);
            return null;
        }
    }

    /// <summary>A kubeconfig's <c>client-certificate</c> or <c>certificate-authority</c>: a file, relative to the kubeconfig's folder.</summary>
    private List<FoundCertificate> AddReferenced(LocatedDocument document, YamlNode? node, string label)
    {
        if (ReadReferenced(document, node) is not { } file)
        {
            return [];
        }

        var where = $"{node!.Path} ({label}) -> {file.Display}";
        var place = Location.At(document, node);
        var found = file.Certificates.Select(c => c with { Place = place, Where = where, Document = document, Node = node }).ToList();
        All.AddRange(found);
        return found;
    }

    private FoundKey? AddReferencedKey(LocatedDocument document, YamlNode? node, FoundCertificate? owner, string label)
    {
        if (ReadReferenced(document, node) is not { } file)
        {
            return null;
        }

        if (file.Keys.Count != 1 || file.Certificates.Count > 0)
        {
            Problems.Add(new InputException(document.File.DisplayPath, node!.Start.Line, $"{node.Path}: {file.Display} does not hold exactly one private key"));
            return null;
        }

        var key = file.Keys[0] with { Place = Location.At(document, node!), Where = $"{node!.Path} ({label}) -> {file.Display}", Document = document, Node = node, Owner = owner, Holder = KeyHolder.ClientConfig };
        Keys.Add(key);
        return key;
    }

    private CertificateFile? ReadReferenced(LocatedDocument document, YamlNode? node)
    {
        if (node?.AsString() is not { Length: > 0 } reference)
        {
            return null;
        }

        var directory = document.File.FullPath is { } full ? Path.GetDirectoryName(full) : null;
        var display = Path.IsPathRooted(reference) || document.File.DisplayPath == InputLoader.StandardInputName
            ? reference
            : Path.Combine(Path.GetDirectoryName(document.File.DisplayPath) ?? string.Empty, reference).Replace('\\', '/');
        try
        {
            var path = Path.GetFullPath(reference, directory ?? Directory.GetCurrentDirectory());
            return ReadFile(display, BoundedFile.ReadAllBytes(display, path, InputLoader.MaxFileBytes));
        }
        catch (InputException ex)
        {
            Problems.Add(new InputException(document.File.DisplayPath, node.Start.Line, $"{node.Path}: {ex.OneLine}"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Problems.Add(new InputException(document.File.DisplayPath, node.Start.Line, $"{node.Path}: cannot read {display}: {ex.Message}"));
        }

        return null;
    }
}
