using Talguard.Model;

namespace Talguard.Findings;

/// <summary>The Talos releases a rule applies to: from <see cref="First"/> up to and including <see cref="Last"/> (null: every later one).</summary>
public sealed record TalosVersionRange(TalosVersion First, TalosVersion? Last = null)
{
    /// <summary>Every release Talguard targets.</summary>
    public static TalosVersionRange All { get; } = new(new TalosVersion(1, 11));

    public bool Contains(TalosVersion version) => version >= First && (Last is not { } last || version <= last);

    public override string ToString() => Last is null ? $"{First} and later" : $"{First} to {Last}";
}
