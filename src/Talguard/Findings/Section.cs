namespace Talguard.Findings;

/// <summary>A section of the hardening guide; its <see cref="Id"/> is the JSON <c>section</c> value.</summary>
public sealed record Section(string Id, string Title, string IdPrefix)
{
    public static readonly Section Config = new("config", "Config validity", "CONF");
    public static readonly Section SecureBoot = new("secure-boot", "Secure Boot", "BOOT");
    public static readonly Section DiskEncryption = new("disk-encryption", "Disk encryption (LUKS2)", "DISK");
    public static readonly Section Tpm = new("tpm", "TPM", "TPM");
    public static readonly Section SecretsAtRest = new("secrets-at-rest", "Secrets at rest", "SEC");
    public static readonly Section AuditLogging = new("audit-logging", "Audit logging", "AUD");
    public static readonly Section Network = new("network", "Network security", "NET");
    public static readonly Section PodSecurity = new("pod-security", "Pod security", "PSS");
    public static readonly Section ApiAccess = new("api-access", "API access control", "ACC");
    public static readonly Section ControlPlane = new("control-plane", "Control plane, kubelet and kernel", "K8S");
    public static readonly Section Certificates = new("certificates", "Certificates and keys", "CERT");
    public static readonly Section Drift = new("drift", "Drift between Git and running nodes", "DRIFT");

    public static IReadOnlyList<Section> All { get; } =
        [Config, SecureBoot, DiskEncryption, Tpm, SecretsAtRest, AuditLogging, Network, PodSecurity, ApiAccess, ControlPlane, Certificates, Drift];
}
