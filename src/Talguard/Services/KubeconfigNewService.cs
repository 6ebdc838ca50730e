using Talguard.Credentials;
using Talguard.Model;
using Talguard.Model.Talos.Patching;

namespace Talguard.Services;

/// <summary>What <c>talguard kubeconfig new</c> asks for.</summary>
public sealed record KubeconfigNewRequest(string Secrets, string User, IReadOnlyList<string> Groups, string Output)
{
    /// <summary>The API server URL; from a machine config's <c>cluster.controlPlane.endpoint</c> when null.</summary>
    public string? Server { get; init; }

    /// <summary>The cluster's name in the kubeconfig; from a machine config's <c>cluster.clusterName</c>, else <c>kubernetes</c>, when null.</summary>
    public string? Cluster { get; init; }

    public TimeSpan Lifetime { get; init; } = CertificateLifetime.Default;

    public bool Force { get; init; }

    public DateTimeOffset? Now { get; init; }
}

/// <summary>
/// Makes a kubeconfig whose client certificate (CN = user, O = groups, ECDSA P-256) is signed by the cluster's
/// Kubernetes CA, which kube-apiserver authenticates as that user in those groups; RBAC then decides what it may do.
/// </summary>
public static class KubeconfigNewService
{
    public const string DefaultClusterName = "kubernetes";

    public static IssuedCertificate Create(KubeconfigNewRequest request)
    {
        if (request.User.Length == 0)
        {
            throw new ArgumentException("a user name is needed", nameof(request));
        }

        CredentialFile.CheckTarget(request.Output, request.Force);
        var secrets = ClusterSecrets.Load(request.Secrets);
        var server = request.Server ?? secrets.ApiServerEndpoint
            ?? throw new InputException(secrets.File, "a secrets bundle does not name the API server: give --server https://HOST:6443");
        var cluster = request.Cluster ?? secrets.ClusterName ?? DefaultClusterName;
        using var authority = secrets.KubernetesAuthority();
        var now = request.Now ?? DateTimeOffset.UtcNow;
        TalosconfigNewService.RequireWithinCa(secrets.File, authority, now, request.Lifetime);
        var issued = ClientCertificateIssuer.Issue(authority, ClientKeyType.EcdsaP256, request.User, request.Groups, now, request.Lifetime);
        using var certificate = issued.Certificate;
        var context = request.User + "@" + cluster;
        var kubeconfig = ConfigMapping.Of(
            ("apiVersion", ConfigScalar.String("v1")),
            ("kind", ConfigScalar.String("Config")),
            ("clusters", new ConfigSequence([ConfigMapping.Of(
                ("name", ConfigScalar.Quoted(cluster)),
                ("cluster", ConfigMapping.Of(
                    ("server", ConfigScalar.Quoted(server)),
                    ("certificate-authority-data", ConfigScalar.String(CredentialFile.Base64(authority.CertificatePem))))))])),
            ("users", new ConfigSequence([ConfigMapping.Of(
                ("name", ConfigScalar.Quoted(context)),
                ("user", ConfigMapping.Of(
                    ("client-certificate-data", ConfigScalar.String(CredentialFile.Base64(issued.CertificatePem))),
                    ("client-key-data", ConfigScalar.String(CredentialFile.Base64(issued.PrivateKeyPem))))))])),
            ("contexts", new ConfigSequence([ConfigMapping.Of(
                ("name", ConfigScalar.Quoted(context)),
                ("context", ConfigMapping.Of(("cluster", ConfigScalar.Quoted(cluster)), ("user", ConfigScalar.Quoted(context)))))])),
            ("current-context", ConfigScalar.Quoted(context)));
        CredentialFile.Write(request.Output, ConfigYamlWriter.Write([kubeconfig]));
        return TalosconfigNewService.Summary(request.Output, context, certificate, [.. request.Groups], "ECDSA P-256");
    }
}
