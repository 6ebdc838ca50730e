using System.Buffers.Binary;
using Talguard.Hardening.SecretsAtRest.Bolt;
using Talguard.Model;

namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>Called for each stored revision under a watched prefix, in revision order.</summary>
public delegate void EtcdRevisionVisitor(int prefixIndex, EtcdRevision revision, EtcdKeyValue keyValue, bool current);

/// <summary>
/// The MVCC key space of an etcd snapshot: the <c>key</c> bucket (revision → mvccpb.KeyValue, tombstones marked
/// 't') and the <c>meta</c> bucket. Building it reads the key bucket once to learn which revision of each watched
/// key is current; <see cref="Visit"/> then streams every revision with that answer.
/// </summary>
public sealed class EtcdKeyspace
{
    private readonly BoltDatabase _database;
    private readonly BoltBucket _keyBucket;
    private readonly byte[][] _prefixes;
    private readonly KeyHistoryIndex _history;

    public EtcdKeyspace(BoltDatabase database, IReadOnlyList<string> prefixes)
    {
        _database = database;
        _prefixes = [.. prefixes.Select(System.Text.Encoding.UTF8.GetBytes)];
        _keyBucket = database.FindBucket(EtcdBuckets.Key) ?? throw new InputException(database.DisplayPath, "not an etcd snapshot: the bbolt database has no 'key' bucket");
        _history = new KeyHistoryIndex(database);
        ReadMeta();
        Walk((_, revision, keyValue, _) => _history.Record(keyValue.Key, revision.Tombstone), needCurrent: false);
    }

    /// <summary>The raft index the snapshot was taken at (<c>meta/consistent_index</c>), 0 when absent.</summary>
    public long ConsistentIndex { get; private set; }

    /// <summary>Revision up to which history was compacted (<c>meta/finishedCompactRev</c>), null when never compacted.</summary>
    public long? CompactedRevision { get; private set; }

    /// <summary>Compaction requested but perhaps not finished (<c>meta/scheduledCompactRev</c>).</summary>
    public long? ScheduledCompactRevision { get; private set; }

    public void Visit(EtcdRevisionVisitor visitor) => Walk(visitor, needCurrent: true);

    private void Walk(EtcdRevisionVisitor visitor, bool needCurrent)
    {
        _database.ForEach(_keyBucket, (key, value, isBucket) =>
        {
            if (isBucket || !EtcdRevision.TryParse(key, out var revision))
            {
                throw new InputException(_database.DisplayPath, "corrupt etcd snapshot: a 'key' bucket entry is not a revision");
            }

            if (!EtcdKeyValue.TryDecode(value, out var keyValue))
            {
                throw new InputException(_database.DisplayPath, $"corrupt etcd snapshot: the value at revision {revision} is not an mvccpb.KeyValue");
            }

            for (var i = 0; i < _prefixes.Length; i++)
            {
                if (keyValue.Key.StartsWith(_prefixes[i]))
                {
                    visitor(i, revision, keyValue, needCurrent && !revision.Tombstone && _history.IsCurrent(keyValue.Key));
                    break;
                }
            }
        });
    }

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
