using System.Globalization;

namespace Talguard.Model;

/// <summary>A release line <c>vMAJOR.MINOR</c> (patch levels never change a rule's verdict).</summary>
public readonly record struct TalosVersion(int Major, int Minor) : IComparable<TalosVersion>
{
    public int CompareTo(TalosVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(TalosVersion left, TalosVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(TalosVersion left, TalosVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(TalosVersion left, TalosVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(TalosVersion left, TalosVersion right) => left.CompareTo(right) >= 0;

    /// <summary>Parses <c>vX.Y</c> or <c>vX.Y.Z</c> (with an optional pre-release suffix); the leading v is optional.</summary>
    public static bool TryParse(string? text, out TalosVersion version)
    {
        version = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var span = text.AsSpan();
        if (span[0] is 'v' or 'V')
        {
            span = span[1..];
        }

        var dash = span.IndexOfAny('-', '+');
        if (dash >= 0)
        {
            span = span[..dash];
        }

        Span<Range> parts = stackalloc Range[4];
        var count = span.Split(parts, '.');
        if (count is < 2 or > 3)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            var part = span[parts[i]];
            if (part.IsEmpty || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return false;
            }
        }

        version = new TalosVersion(
            int.Parse(span[parts[0]], NumberStyles.None, CultureInfo.InvariantCulture),
            int.Parse(span[parts[1]], NumberStyles.None, CultureInfo.InvariantCulture));
        return true;
    }

    public static TalosVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"not a version: {text}");

    /// <summary>
    /// The version in an image reference's tag (<c>repo/img:v1.12.4</c>, digests ignored). Only a
    /// <c>vX.Y[.Z]</c> tag counts: <c>latest</c>, <c>1.12.4</c> or a digest alone mean no version.
    /// </summary>
    public static bool TryParseImageTag(string? image, out TalosVersion version)
    {
        version = default;
        return ImageReference.TryParse(image, out var reference) && reference.Tag is ['v', ..] && TryParse(reference.Tag, out version);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"v{Major}.{Minor}");
}
