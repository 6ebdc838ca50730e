using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>A certificate that is judged (not a revocation entry in dbx): where it sits and what it is.</summary>
public sealed record EfiCertificate(Location Location, string Subject, string Issuer, DateTime NotAfterUtc, string? KeyAlgorithm, int KeySize, bool UsesSha1, string SignatureAlgorithm);

/// <summary>A PEM private key: its RSA size (null when not RSA or encrypted) and file mode (null on Windows).</summary>
public sealed record EfiPrivateKey(Location Location, int? RsaKeySize, UnixFileMode? Mode);

/// <summary>SHA-1 used outside a certificate's own signature: a SHA-1 hash list, or a SHA-1 signed update or image.</summary>
public sealed record EfiSha1Use(Location Location, string Description);

/// <summary>A signature of a signed update or image, or the lack of one, with the verifier's reason.</summary>
public sealed record EfiSignature(Location Location, bool Verified, string Reason);

/// <summary>A db (signature database) and the subjects of its X509 entries.</summary>
public sealed record EfiDatabase(Location Location, IReadOnlyList<string> Subjects);

/// <summary>
/// What <see cref="SecureBootInspector"/> reads from Secure Boot material, for the TG-BOOT-101..109 rules to judge
/// (<see cref="RuleInputs.EfiFile"/>), with the settings of the run they judge against.
/// </summary>
public sealed class EfiFacts(InspectOptions options)
{
    public InspectOptions Options { get; } = options;

    public List<EfiCertificate> Certificates { get; } = [];

    public List<EfiPrivateKey> PrivateKeys { get; } = [];

    public List<EfiSha1Use> Sha1Uses { get; } = [];

    public List<EfiSignature> Signatures { get; } = [];

    /// <summary>X509 entries that hold PEM text instead of DER.</summary>
    public List<Location> PemEntries { get; } = [];

    public List<EfiDatabase> Databases { get; } = [];
}

/// <summary>A rule over Secure Boot material: the inspector gives facts, the rule judges them.</summary>
public abstract class EfiRule
{
    public abstract RuleDescriptor Descriptor { get; }

    public abstract IEnumerable<Finding> Check(EfiFacts facts);

    public override string ToString() => Descriptor.Id;

    protected Finding Report(Location where, string message) => new(Descriptor, Descriptor.Severity, message, where);

    /// <summary>A time as the inventory and messages show it (UTC, ISO 8601).</summary>
    protected static string Iso(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
