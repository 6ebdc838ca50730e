namespace Talguard.Formats;

/// <summary>FNV-1a 64: bbolt's meta checksum.</summary>
internal static class Fnv1a
{
    public static ulong Hash64(ReadOnlySpan<byte> data)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in data)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
