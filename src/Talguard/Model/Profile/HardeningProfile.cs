using Talguard.Hardening.PodSecurity;

namespace Talguard.Model.Profile;

/// <summary>How STATE and EPHEMERAL are keyed (profile spelling: <c>tpm</c>, <c>tpm+recovery</c>, <c>kms</c>, <c>nodeID</c>).</summary>
internal enum DiskEncryptionMode
{
    Tpm,
    TpmWithRecovery,
    Kms,
    NodeId,
}

/// <summary>The compliance framework the profile aims at (<c>none</c>, <c>cis</c>, <c>pci-dss</c>, <c>soc2</c>).</summary>
internal enum ComplianceTarget
{
    None,
    Cis,
    PciDss,
    Soc2,
}

/// <summary>The cluster's CNI (<c>cilium</c>, <c>flannel</c>, <c>calico</c>, <c>none</c>): decides network policies and firewall ports.</summary>
internal enum CniChoice
{
    Cilium,
    Flannel,
    Calico,
    None,
}

/// <summary>The provider Talos configures for Secrets at rest (<c>secretbox</c>, <c>aescbc</c>).</summary>
internal enum SecretsAtRestProvider
{
    Secretbox,
    Aescbc,
}

/// <summary>The node, pod, service, management and storage networks; CIDRs as written (<c>10.0.1.0/24</c>).</summary>
internal sealed record NetworkProfile(
    string ClusterCidr,
    string PodCidr,
    string ServiceCidr,
    IReadOnlyList<string> ManagementCidrs,
    IReadOnlyList<string> StorageCidrs);

/// <summary>
/// Disk encryption: the key mode, the KMS endpoint when <see cref="Mode"/> is <see cref="DiskEncryptionMode.Kms"/>, and
/// the TPM PCRs to bind to (null: Talos's default; a TPM key takes <c>options.pcrs</c> from v1.12 only).
/// </summary>
internal sealed record DiskEncryptionProfile(DiskEncryptionMode Mode, string? KmsEndpoint = null, IReadOnlyList<int>? TpmPcrs = null);

/// <summary>Secure Boot: on or off, and the installer as an Image Factory schematic ID or an installer image reference.</summary>
internal sealed record SecureBootProfile(bool Enabled, string? SchematicId = null, string? InstallerImage = null);

/// <summary>Pod Security admission defaults and the namespaces exempt from them.</summary>
internal sealed record PodSecurityProfile(PodSecurityLevel Level, IReadOnlyList<string> ExemptNamespaces);

/// <summary>API server audit-log retention (<c>audit-log-maxage</c>, <c>-maxbackup</c>, <c>-maxsize</c>).</summary>
internal sealed record AuditProfile(int MaxAgeDays, int MaxBackups, int MaxSizeMegabytes);

/// <summary>
/// What <c>talguard harden</c> generates from: one declarative description of the cluster and the security it wants.
/// <see cref="Default"/> is the strongest setting and is what <c>talguard init</c> writes with no flags.
/// </summary>
internal sealed record HardeningProfile
{
    public required string ClusterName { get; init; }

    /// <summary>The Talos release as written (<c>v1.12.4</c>): installer image tags use it whole.</summary>
    public required string TalosRelease { get; init; }

    /// <summary>The release line of <see cref="TalosRelease"/>: which document forms and fields the patches use.</summary>
    public TalosVersion TalosVersion => TalosVersion.TryParse(TalosRelease, out var version) ? version : default;

    /// <summary>The Kubernetes version as written (<c>1.34.1</c>).</summary>
    public required string KubernetesVersion { get; init; }

    /// <summary>The cluster endpoint (<c>https://10.0.1.10:6443</c>).</summary>
    public required string Endpoint { get; init; }

    /// <summary>The control-plane nodes' IP addresses (etcd peers, the only sources allowed to reach etcd).</summary>
    public required IReadOnlyList<string> ControlPlaneNodes { get; init; }

    public required NetworkProfile Network { get; init; }

    public required DiskEncryptionProfile DiskEncryption { get; init; }

    public required SecureBootProfile SecureBoot { get; init; }

    public required PodSecurityProfile PodSecurity { get; init; }

    public required AuditProfile Audit { get; init; }

    public ComplianceTarget Compliance { get; init; } = ComplianceTarget.None;

    public CniChoice Cni { get; init; } = CniChoice.Cilium;

    public SecretsAtRestProvider SecretsAtRest { get; init; } = SecretsAtRestProvider.Secretbox;

    /// <summary>The strongest profile, with the address plan of <c>talosctl gen config</c>'s defaults and one control-plane node.</summary>
    public static HardeningProfile Default { get; } = new()
    {
        ClusterName = "talos",
        TalosRelease = "v1.12.4",
        KubernetesVersion = "1.34.1",
        Endpoint = "https://10.5.0.2:6443",
        ControlPlaneNodes = ["10.5.0.2"],
        Network = new NetworkProfile("10.5.0.0/24", "10.244.0.0/16", "10.96.0.0/12", ["10.5.0.0/24"], []),
        DiskEncryption = new DiskEncryptionProfile(DiskEncryptionMode.Tpm),
        SecureBoot = new SecureBootProfile(Enabled: true, SchematicId: "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba"),
        PodSecurity = new PodSecurityProfile(PodSecurityLevel.Restricted, ["kube-system"]),
        Audit = new AuditProfile(MaxAgeDays: 30, MaxBackups: 10, MaxSizeMegabytes: 100),
        Compliance = ComplianceTarget.Cis,
        Cni = CniChoice.Cilium,
        SecretsAtRest = SecretsAtRestProvider.Secretbox,
    };
}
