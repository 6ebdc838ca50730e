using Talguard.Model;

namespace Talguard.Findings;

/// <summary>The Talos releases a rule applies to: from <see cref="First"/> up to and including <see cref="Last"/> (null: every later one).</summary>
public sealed record TalosVersionRange(TalosVersion First, TalosVersion? Last = null)
{
    /// <summary>
    /// Every release: a rule without a range judges configs of any release, older ones included (real repositories
    /// still hold v1.6 to v1.10 configs, and what is wrong there is still wrong).
    /// </summary>
    public static TalosVersionRange All { get; } = new(new TalosVersion(0, 0));

    public bool Contains(TalosVersion version) => version >= First && (Last is not { } last || version <= last);

    public override string ToString() =>
        this == All ? "every release" : Last is null ? $"{First} and later" : First == All.First ? $"{Last} and earlier" : $"{First} to {Last}";
}
