namespace Talguard.Hardening;

/// <summary>Every guide section's generator, in the order <c>talguard harden</c> runs them (generator lanes add their lines).</summary>
internal static class HardeningGenerators
{
    public static IReadOnlyList<IHardeningGenerator> All { get; } = [];
}
