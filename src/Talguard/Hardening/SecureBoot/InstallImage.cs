using Talguard.Model;

namespace Talguard.Hardening.SecureBoot;

/// <summary>What <c>machine.install.image</c> says about Secure Boot.</summary>
public enum InstallImageVerdict
{
    /// <summary>No install image: a pre-installed image, where Talos ignores <c>machine.install</c>.</summary>
    NotSet,
    SecureBoot,
    NotSecureBoot,
}

/// <summary>Pure predicates over <c>machine.install.image</c>, shared by TG-BOOT-001 and TG-TPM-002.</summary>
public static class InstallImage
{
    public const string SecureBootSegment = "installer-secureboot";

    /// <summary>The schematic of a vanilla Image Factory build (no extensions, no extra kernel args).</summary>
    public const string VanillaSchematic = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";

    public const string FactoryRegistry = "factory.talos.dev";

    /// <summary>The v1.14 document that carries the installer (<c>installer.image</c>) instead of <c>machine.install</c>.</summary>
    public const string UnattendedInstallKind = "UnattendedInstall";

    /// <summary>The install image of a node config: <c>machine.install.image</c>, else a v1.14 UnattendedInstall's <c>installer.image</c>.</summary>
    public static InstallImageSource? Find(TalosConfigFile file)
    {
        if (file.MachineConfig is { } main && main.At("machine", "install", "image") is { } image && IsSet(image))
        {
            return new InstallImageSource(main, image);
        }

        return file.OfKind(UnattendedInstallKind)
            .Select(d => d.At("installer", "image") is { } node && IsSet(node) ? new InstallImageSource(d, node) : null)
            .FirstOrDefault(s => s is not null);
    }

    public static InstallImageVerdict Evaluate(TalosConfigFile file, IReadOnlyList<string> secureBootPrefixes) =>
        Find(file) is not { } source ? InstallImageVerdict.NotSet
        : IsSecureBootInstaller(source.Image, secureBootPrefixes) ? InstallImageVerdict.SecureBoot
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

    private static bool IsSet(YamlNode image) => !string.IsNullOrWhiteSpace(image.AsString());
}

/// <summary>Where a node config names its install image.</summary>
public sealed record InstallImageSource(LocatedDocument Document, YamlNode Node)
{
    public string Image => Node.AsString()!;

    public bool IsUnattendedInstall => Document.Kind == InstallImage.UnattendedInstallKind;
}
