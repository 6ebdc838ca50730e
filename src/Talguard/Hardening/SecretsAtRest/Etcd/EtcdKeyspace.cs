using System.Buffers.Binary;
using Talguard.Formats;
using Talguard.Model;
using System.Runtime.CompilerServices;

namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>Called for each stored revision under a watched prefix, in revision order, with where its record lies.</summary>
internal delegate void EtcdRevisionVisitor(int prefixIndex, EtcdRevision revision, EtcdKeyValue keyValue, StoredRecord record);

/// <summary>
/// The MVCC key space of an etcd snapshot: the <c>key</c> bucket (revision → mvccpb.KeyValue, tombstones marked
/// 't') and the <c>meta</c> bucket, streamed one revision at a time.
/// </summary>
internal sealed class EtcdKeyspace
{
    private readonly BoltDatabase _database;
    private readonly BoltBucket _keyBucket;
    private readonly byte[][] _prefixes;

    public EtcdKeyspace(BoltDatabase database, IReadOnlyList<string> prefixes)
    {
        _database = database;
        _prefixes = [.. prefixes.Select(System.Text.Encoding.UTF8.GetBytes)];
        _keyBucket = database.FindBucket(EtcdBuckets.Key) ?? throw new InputException(database.DisplayPath, "not an etcd snapshot: the bbolt database has no 'key' bucket");
        ReadMeta();
    }

    /// <summary>The raft index the snapshot was taken at (<c>meta/consistent_index</c>), 0 when absent.</summary>
    public long ConsistentIndex { get; private set; }

    /// <summary>Revision up to which history was compacted (<c>meta/finishedCompactRev</c>), null when never compacted.</summary>
    public long? CompactedRevision { get; private set; }

    /// <summary>Compaction requested but perhaps not finished (<c>meta/scheduledCompactRev</c>).</summary>
    public long? ScheduledCompactRevision { get; private set; }

    /// <summary>Revisions stored in the key bucket (all prefixes, deletions included), counted from the leaf headers.</summary>
    public long RevisionCount => _database.CountEntries(_keyBucket);

    /// <summary>The watched prefix <paramref name="key"/> falls under, or -1.</summary>
    public int PrefixIndexOf(ReadOnlySpan<byte> key)
    {
        for (var i = 0; i < _prefixes.Length; i++)
        {
            if (key.StartsWith(_prefixes[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The record of a revision seen earlier in a <see cref="Walk"/>.</summary>
    public EtcdKeyValue Decode(StoredRecord record) =>
        EtcdKeyValue.TryDecode(_database.Bytes(record.Offset, record.Length), out var keyValue) ? keyValue : throw new InvalidOperationException("a record decoded before no longer decodes");

    /// <summary>One pass over the key bucket: every revision under a watched prefix, in revision order.</summary>
    public void Walk(EtcdRevisionVisitor visitor) => _database.ForEach(_keyBucket, Revisions(visitor));

    /// <summary>The key bucket in two halves by revision (see <see cref="BoltDatabase.SplitInHalves"/>), null when it does not split.</summary>
    public (BoltSubtrees Earlier, BoltSubtrees Later)? SplitByRevision() => _database.SplitInHalves(_keyBucket);

    /// <summary>
    /// <see cref="Walk"/> on two threads: each half's revisions to the visitor its start returns, given the half's
    /// revision count on its thread. False when the caller must discard both and <see cref="Walk"/> instead
    /// (see <see cref="BoltDatabase.TryForEachInHalves"/>).
    /// </summary>
    public bool TryWalkInHalves((BoltSubtrees Earlier, BoltSubtrees Later) halves, Func<long, EtcdRevisionVisitor> earlier, Func<long, EtcdRevisionVisitor> later) =>
        _database.TryForEachInHalves(halves.Earlier, halves.Later, count => Revisions(earlier(count)), count => Revisions(later(count)));

    private BoltEntryVisitor Revisions(EtcdRevisionVisitor visitor) =>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] (key, value, isBucket) =>
        {
            if (isBucket || !EtcdRevision.TryParse(key, out var revision))
            {
                throw new InputException(_database.DisplayPath, "corrupt etcd snapshot: a 'key' bucket entry is not a revision");
            }

            if (!EtcdKeyValue.TryDecode(value, out var keyValue))
            {
                throw new InputException(_database.DisplayPath, $"corrupt etcd snapshot: the value at revision {revision} is not an mvccpb.KeyValue");
            }

            var prefix = PrefixIndexOf(keyValue.Key);
            if (prefix >= 0)
            {
                visitor(prefix, revision, keyValue, new StoredRecord(_database.OffsetOf(value), value.Length, revision.Tombstone));
            }
        };

    private void ReadMeta()
    {
        if (_database.FindBucket(EtcdBuckets.Meta) is not { } meta)
        {
            return;
        }

        _database.ForEach(meta, (key, value, isBucket) =>
        {
            if (isBucket)
            {
                return;
            }

            if (key.SequenceEqual(EtcdBuckets.ConsistentIndex) && value.Length == 8)
            {
                ConsistentIndex = BinaryPrimitives.ReadInt64BigEndian(value);
            }
            else if (key.SequenceEqual(EtcdBuckets.FinishedCompactRevision) && EtcdRevision.TryParse(value, out var finished))
            {
                CompactedRevision = finished.Main;
            }
            else if (key.SequenceEqual(EtcdBuckets.ScheduledCompactRevision) && EtcdRevision.TryParse(value, out var scheduled))
            {
                ScheduledCompactRevision = scheduled.Main;
            }
        });
    }
}
