using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.SecureBoot;

/// <summary>What the install image says about Secure Boot.</summary>
public enum InstallImageVerdict
{
    /// <summary>No install image: a pre-installed image, where Talos ignores <c>machine.install</c>.</summary>
    NotSet,
    SecureBoot,
    NotSecureBoot,
}

/// <summary>Pure predicates over the install image of <see cref="InstallSettings"/>, shared by TG-BOOT-001 and TG-TPM-002.</summary>
public static class InstallImage
{
    public const string SecureBootSegment = "installer-secureboot";

    /// <summary>The schematic of a vanilla Image Factory build (no extensions, no extra kernel args).</summary>
    public const string VanillaSchematic = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";

    public const string FactoryRegistry = "factory.talos.dev";

    public static InstallImageVerdict Evaluate(TalosConfigFile file, IReadOnlyList<string> secureBootPrefixes) =>
        InstallSettings.Of(file).Image is not { Text: { } image } ? InstallImageVerdict.NotSet
        : IsSecureBootInstaller(image, secureBootPrefixes) ? InstallImageVerdict.SecureBoot
        : InstallImageVerdict.NotSecureBoot;

    /// <summary>
    /// True when a repository path segment is <c>installer-secureboot</c> or ends in <c>-installer-secureboot</c>
    /// (Image Factory and its platform variants), or the image starts with a user-declared prefix.
    /// </summary>
    public static bool IsSecureBootInstaller(string image, IReadOnlyList<string> secureBootPrefixes)
    {
        if (secureBootPrefixes.Any(prefix => prefix.Length > 0 && image.Trim().StartsWith(prefix, StringComparison.Ordinal)))
        {
            return true;
        }

        return ImageReference.TryParse(image, out var reference)
            && reference.PathSegments.Any(segment => segment == SecureBootSegment || segment.EndsWith("-" + SecureBootSegment, StringComparison.Ordinal));
    }
}
