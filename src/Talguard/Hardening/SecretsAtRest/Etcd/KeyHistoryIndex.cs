using Talguard.Hardening.SecretsAtRest.Bolt;

namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>
/// Where one stored revision's mvccpb.KeyValue lies in the mapped snapshot (its offset also identifies the
/// revision), and a caller-defined class of its value (16 bytes in all, so millions fit in little memory).
/// </summary>
public readonly record struct StoredRecord(long Offset, int Length, bool Tombstone, ushort Class = 0);

/// <summary>
/// For every etcd key seen, its newest stored revision. It keeps no key text: an entry is the 64-bit hash of
/// the key and where that revision's record lies in the snapshot (the key is re-read from there to tell a hash
/// collision from a match), so memory stays small with millions of keys.
/// </summary>
internal sealed class KeyHistoryIndex(EtcdKeyspace keyspace)
{
    /// <summary>Beyond this many revisions the table grows as usual, so a corrupt count cannot make it allocate gigabytes.</summary>
    private const long MaxPresize = 4_000_000;

    /// <summary>Sized for every revision in the key bucket up front: growing a table of millions would briefly hold two.</summary>
    private readonly Dictionary<ulong, StoredRecord> _byHash = new((int)Math.Min(keyspace.RevisionCount, MaxPresize));
    private readonly Dictionary<string, StoredRecord> _collided = new(StringComparer.Ordinal);

    /// <summary>All newest revisions (deletions included).</summary>
    public IEnumerable<StoredRecord> Newest => _byHash.Values.Concat(_collided.Values);

    /// <summary>Records a revision (they arrive in ascending order) and returns the one it supersedes, if any.</summary>
    public StoredRecord? Record(ReadOnlySpan<byte> key, StoredRecord record)
    {
        var hash = Fnv1a.Hash64(key);
        if (!_byHash.TryGetValue(hash, out var existing) || SameKey(existing, key))
        {
            _byHash[hash] = record;
            return existing.Length == 0 ? null : existing;
        }

        var text = System.Text.Encoding.UTF8.GetString(key);
        var superseded = _collided.TryGetValue(text, out var previous) ? previous : (StoredRecord?)null;
        _collided[text] = record;
        return superseded;
    }

    /// <summary>True when the record at <paramref name="offset"/> is the newest revision of <paramref name="key"/> and not a deletion.</summary>
    public bool IsCurrent(ReadOnlySpan<byte> key, long offset)
    {
        var hash = Fnv1a.Hash64(key);
        if (_byHash.TryGetValue(hash, out var newest) && SameKey(newest, key))
        {
            return newest.Offset == offset && !newest.Tombstone;
        }

        return _collided.TryGetValue(System.Text.Encoding.UTF8.GetString(key), out newest) && newest.Offset == offset && !newest.Tombstone;
    }

    private bool SameKey(StoredRecord record, ReadOnlySpan<byte> key) => keyspace.Decode(record).Key.SequenceEqual(key);
}
