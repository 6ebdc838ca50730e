namespace Talguard.Model;

/// <summary>A container image reference split into repository path, tag and digest.</summary>
public readonly record struct ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    /// <summary>Repository path segments after the registry host: <c>installer-secureboot</c>, <c>&lt;schematic&gt;</c>.</summary>
    public IEnumerable<string> PathSegments => Repository.Split('/');

    public static bool TryParse(string? image, out ImageReference reference)
    {
        reference = default;
        if (string.IsNullOrWhiteSpace(image))
        {
            return false;
        }

        var rest = image.Trim();
        string? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
        }

        string? tag = null;
        var lastSlash = rest.LastIndexOf('/');
        var colon = rest.LastIndexOf(':');
        if (colon > lastSlash)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }

        var registry = string.Empty;
        var firstSlash = rest.IndexOf('/', StringComparison.Ordinal);
        if (firstSlash > 0)
        {
            var head = rest[..firstSlash];
            if (head.Contains('.', StringComparison.Ordinal) || head.Contains(':', StringComparison.Ordinal) || head == "localhost")
            {
                registry = head;
                rest = rest[(firstSlash + 1)..];
            }
        }

        if (rest.Length == 0)
        {
            return false;
        }

        reference = new ImageReference(registry, rest, string.IsNullOrEmpty(tag) ? null : tag, string.IsNullOrEmpty(digest) ? null : digest);
        return true;
    }
}
