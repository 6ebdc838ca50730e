using Talguard.Hardening.SecretsAtRest.Bolt;

namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>
/// For every etcd key seen, which stored revision is the newest. It keeps no key text: an entry is the
/// 64-bit hash of the key and the offset of that revision's key bytes in the mapped snapshot (which identifies
/// the revision and lets a hash collision be told apart from a match), so memory stays small with millions of keys.
/// </summary>
internal sealed class KeyHistoryIndex(BoltDatabase database)
{
    private readonly Dictionary<ulong, Latest> _byHash = [];
    private readonly Dictionary<string, Latest> _collided = new(StringComparer.Ordinal);

    /// <summary>Records a revision; revisions arrive in ascending order, so the last one recorded wins.</summary>
    public void Record(ReadOnlySpan<byte> key, bool tombstone)
    {
        var latest = new Latest(database.OffsetOf(key), key.Length, tombstone);
        var hash = Fnv1a.Hash64(key);
        if (!_byHash.TryGetValue(hash, out var existing) || SameKey(existing, key))
        {
            _byHash[hash] = latest;
        }
        else
        {
            _collided[System.Text.Encoding.UTF8.GetString(key)] = latest;
        }
    }

    /// <summary>True when <paramref name="key"/> (a span handed out by the database) is the newest revision and not a deletion.</summary>
    public bool IsCurrent(ReadOnlySpan<byte> key)
    {
        var offset = database.OffsetOf(key);
        var hash = Fnv1a.Hash64(key);
        if (_byHash.TryGetValue(hash, out var latest) && SameKey(latest, key))
        {
            return latest.KeyOffset == offset && !latest.Tombstone;
        }

        return _collided.TryGetValue(System.Text.Encoding.UTF8.GetString(key), out latest) && latest.KeyOffset == offset && !latest.Tombstone;
    }

    private bool SameKey(Latest latest, ReadOnlySpan<byte> key) =>
        latest.KeyLength == key.Length && database.Bytes(latest.KeyOffset, latest.KeyLength).SequenceEqual(key);

    private readonly record struct Latest(long KeyOffset, int KeyLength, bool Tombstone);
}
