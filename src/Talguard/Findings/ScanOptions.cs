using System.Net;
using Talguard.Model;

namespace Talguard.Findings;

/// <summary>Settings of one scan that change what rules conclude.</summary>
public sealed record ScanOptions
{
    public TargetOverrides Targets { get; init; } = new();

    /// <summary><c>--management-cidr</c>: the network apid should be reachable from (TG-NET-004).</summary>
    public IReadOnlyList<IPNetwork> ManagementNetworks { get; init; } = [];

    /// <summary><c>--secureboot-image</c>: extra image prefixes accepted as Secure Boot installers (TG-BOOT-001).</summary>
    public IReadOnlyList<string> SecureBootImagePrefixes { get; init; } = [];

    /// <summary><c>--expiry-warning</c> in days (TG-CERT-002).</summary>
    public int ExpiryWarningDays { get; init; } = 30;

    /// <summary><c>--max-admin-ttl</c> (TG-CERT-004).</summary>
    public TimeSpan MaxAdminTtl { get; init; } = TimeSpan.FromHours(8760);

    /// <summary>Entries of the exceptions file (<c>--exceptions</c>, or <c>.talguard.yaml</c>) that suppress findings.</summary>
    public IReadOnlyList<ExceptionEntry> Exceptions { get; init; } = [];

    /// <summary><c>--pss-defaults</c>: the Pod Security admission defaults assumed for manifests without an admission configuration.</summary>
    public Hardening.PodSecurity.PodSecurityDefaults PodSecurityDefaults { get; init; } = Hardening.PodSecurity.PodSecurityDefaults.Talos;

    /// <summary>The clock certificate rules and exception expiry use; fixed in tests for deterministic output.</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;
}
