using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Talguard.Credentials;
using Talguard.Model;
using Talguard.Model.Talos.Patching;

namespace Talguard.Services;

/// <summary>What <c>talguard talosconfig new</c> asks for.</summary>
public sealed record TalosconfigNewRequest(string Secrets, IReadOnlyList<string> Roles, string Context, IReadOnlyList<string> Endpoints, string Output)
{
    public IReadOnlyList<string> Nodes { get; init; } = [];

    public TimeSpan Lifetime { get; init; } = CertificateLifetime.Default;

    /// <summary>Replace an existing output file (otherwise it is refused).</summary>
    public bool Force { get; init; }

    /// <summary>The issuing time; null is the clock's.</summary>
    public DateTimeOffset? Now { get; init; }
}

/// <summary>A client certificate written into a new talosconfig or kubeconfig, as the host reports it (no key material).</summary>
public sealed record IssuedCertificate(string Output, string Context, string CommonName, IReadOnlyList<string> Organizations, string Issuer, string Serial, string KeyType, DateTimeOffset NotBefore, DateTimeOffset NotAfter);

/// <summary>
/// Makes a talosconfig with a role-scoped client certificate signed by the cluster's Talos API (os) CA, as
/// <c>talosctl config new --roles</c> does but offline from the secrets bundle, with no os:admin talosconfig needed.
/// </summary>
public static class TalosconfigNewService
{
    /// <summary>The roles Talos knows (<c>pkg/machinery/role</c>); v1.13 added os:image:verifier and os:meta:writer.</summary>
    public static readonly IReadOnlyList<string> KnownRoles =
        ["os:admin", "os:operator", "os:reader", "os:etcd:backup", "os:impersonator", "os:image:verifier", "os:meta:writer"];

    public static IssuedCertificate Create(TalosconfigNewRequest request)
    {
        if (request.Roles.Count == 0 || request.Roles.Any(r => !KnownRoles.Contains(r, StringComparer.Ordinal)))
        {
            throw new ArgumentException("roles must be known Talos roles", nameof(request));
        }

        CredentialFile.CheckTarget(request.Output, request.Force);
        var secrets = ClusterSecrets.Load(request.Secrets);
        using var authority = secrets.TalosAuthority();
        var now = request.Now ?? DateTimeOffset.UtcNow;
        RequireWithinCa(secrets.File, authority, now, request.Lifetime);
        var issued = ClientCertificateIssuer.Issue(authority, ClientKeyType.Ed25519, request.Context, request.Roles, now, request.Lifetime);
        using var certificate = issued.Certificate;
        var context = ConfigMapping.Of(
            ("endpoints", Strings(request.Endpoints)),
            ("nodes", Strings(request.Nodes)),
            ("ca", ConfigScalar.String(CredentialFile.Base64(authority.CertificatePem))),
            ("crt", ConfigScalar.String(CredentialFile.Base64(issued.CertificatePem))),
            ("key", ConfigScalar.String(CredentialFile.Base64(issued.PrivateKeyPem))));
        var talosconfig = ConfigMapping.Of(
            ("context", ConfigScalar.Quoted(request.Context)),
            ("contexts", ConfigMapping.Of((request.Context, context))));
        CredentialFile.Write(request.Output, ConfigYamlWriter.Write([talosconfig]));
        return Summary(request.Output, request.Context, certificate, [.. request.Roles], "Ed25519");
    }

    /// <summary>A certificate outliving its CA fails verification once the CA expires; asking for one is a mistake worth stopping.</summary>
    internal static void RequireWithinCa(string file, SigningAuthority authority, DateTimeOffset now, TimeSpan lifetime)
    {
        var caEnd = new DateTimeOffset(authority.Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (caEnd <= now)
        {
            throw new InputException(file, $"the CA ({authority.Certificate.Subject}) expired on {caEnd:yyyy-MM-dd}");
        }

        if (now + lifetime > caEnd)
        {
            throw new InputException(file, $"--ttl reaches past the CA's expiry ({caEnd:yyyy-MM-dd HH:mm}Z); ask for at most {Math.Floor((caEnd - now).TotalHours).ToString(CultureInfo.InvariantCulture)}h");
        }
    }

    internal static IssuedCertificate Summary(string output, string context, X509Certificate2 certificate, IReadOnlyList<string> organizations, string keyType) =>
        new(output, context, certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false), organizations, certificate.Issuer, certificate.SerialNumber,
            keyType, new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero), new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero));

    private static ConfigSequence Strings(IEnumerable<string> values) => new(values.Select(ConfigScalar.Quoted));
}
