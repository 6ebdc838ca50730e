using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using Talguard.Findings;
using Talguard.Formats;
using Talguard.Model;

namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>What <c>talguard etcd check</c> examines and with which keys.</summary>
public sealed record SnapshotCheckOptions
{
    /// <summary>Resources whose values are examined (<c>/registry/&lt;resource&gt;/</c>); Secrets by default.</summary>
    public IReadOnlyList<string> Resources { get; init; } = ["secrets"];

    /// <summary>The apiserver's providers and keys; without them, values are classified but not decrypted.</summary>
    public EncryptionKeyring? Keys { get; init; }
}

/// <summary>One stored revision examined: never its value, only how it is stored.</summary>
public sealed record InventoryEntry(string Key, long Revision, bool Current, StorageProvider Provider, string KeyName, string? KmsKeyId, bool? Intact);

/// <summary>How many current values (and older revisions) of a resource one provider/key holds.</summary>
public sealed record ProviderTotal(string Resource, StorageProvider Provider, string KeyName, int Current, int Older);

public sealed record SnapshotCheckResult(
    ScanResult Result,
    IReadOnlyList<ProviderTotal> Totals,
    long ConsistentIndex,
    long? CompactedRevision);

/// <summary>
/// Classifies every stored revision of the watched resources in an etcd snapshot (plaintext or which provider
/// and key), optionally checks each against the configured keys, and hands the facts to the TG-SEC-1xx rules
/// (<see cref="EtcdSnapshotRules"/>).
/// </summary>
public sealed class SnapshotCheck
{
    private readonly BoltDatabase _database;
    private readonly SnapshotCheckOptions _options;
    private EtcdKeyspace? _keyspace;

    internal SnapshotCheck(BoltDatabase database, SnapshotCheckOptions options)
    {
        _database = database;
        _options = options;
    }

    /// <summary>Opened on first use, inside <see cref="BoltDatabase.Verified{T}"/>, so a wrong trailer wins over what it finds.</summary>
    private EtcdKeyspace Keyspace => _keyspace ??= new EtcdKeyspace(_database, [.. _options.Resources.Select(PrefixOf)]);

    /// <summary>
    /// Database size (bytes) from which <see cref="Run"/> walks the key bucket on two threads, when the trailer
    /// is not being hashed on one meanwhile (tests set it to force either walk).
    /// </summary>
    internal long TwoThreadMinimum { get; init; } = Environment.ProcessorCount > 1 ? 8 << 20 : long.MaxValue;

    /// <summary>Said wherever a result is shown whose trailer was not verified.</summary>
    public const string TrailerSkippedNotice = "SHA-256 trailer not verified (--skip-hash-check): integrity of the copy is unchecked";

    public static string PrefixOf(string resource) => "/registry/" + resource + "/";

    /// <summary>
    /// One pass over the key bucket: each revision is classified as it is read and counted as current until a
    /// newer revision of its key supersedes it. Only the current values that need a finding or a key check are
    /// read again afterwards, in file order. The trailer is hashed meanwhile and checked before returning; without
    /// that hash, two threads walk the two halves of the bucket and their tallies are joined.
    /// </summary>
    public SnapshotCheckResult Run() => _database.Verified(Examine);

    /// <summary>Streams one entry per stored revision examined (tombstones excluded), in revision order, once the trailer is verified.</summary>
    public void WriteInventory(Action<InventoryEntry> sink)
    {
        _database.VerifyTrailer();
        var index = new KeyHistoryIndex(Keyspace);
        Keyspace.Walk((_, _, keyValue, record) => index.Record(keyValue.Key, record));
        Keyspace.Walk((resource, revision, keyValue, record) =>
        {
            if (revision.Tombstone)
            {
                return;
            }

            var stored = StoredValue.Classify(keyValue.Value);
            var current = index.IsCurrent(keyValue.Key, record.Offset);
            sink(new InventoryEntry(Encoding.UTF8.GetString(keyValue.Key), revision.Main, current, stored.Provider, stored.KeyName, stored.KmsKeyId, Verify(resource, stored, keyValue.Key)));
        });
    }

    private SnapshotCheckResult Examine()
    {
        var current = new List<StoredObject>();
        var tally = TallyRevisions();
        var classes = tally.Classifier.Classes;
        var review = new List<StoredRecord>();
        foreach (var newest in tally.Newest())
        {
            if (!newest.Tombstone && NeedsReview(classes[newest.Class]))
            {
                review.Add(newest);
            }
        }

        review.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        foreach (var newest in review)
        {
            var keyValue = Keyspace.Decode(newest);
            current.Add(Describe(classes[newest.Class].Resource, keyValue, StoredValue.Classify(keyValue.Value)));
        }

        var history = new List<PlaintextHistory>();
        foreach (var (key, (resource, revisions)) in tally.PlaintextHistory)
        {
            var compacted = Keyspace.CompactedRevision is { } rev ? $"history is compacted up to revision {rev}" : "history was never compacted";
            if (Keyspace.ScheduledCompactRevision is { } scheduled && scheduled > (Keyspace.CompactedRevision ?? 0))
            {
                compacted += $" (compaction to revision {scheduled} was scheduled but had not finished)";
            }

            history.Add(new PlaintextHistory(LocationOf(key), ReferenceOf(resource, key), _options.Resources[resource], key, revisions, compacted));
        }

        var totalList = classes
            .Select(c => new ProviderTotal(_options.Resources[c.Resource], c.Provider, c.KeyName, c.Current, c.Older))
            .OrderBy(t => t.Resource, StringComparer.Ordinal).ThenBy(t => t.Provider).ThenBy(t => t.KeyName, StringComparer.Ordinal)
            .ToList();
        var notices = totalList.Select(t => $"{t.Resource} {Label(t.Provider, t.KeyName)}: {t.Current} current, {t.Older} older revision(s)").ToList();
        if (!_database.HasTrailer)
        {
            notices.Add("no SHA-256 trailer: a raw bbolt file (member/snap/db), not an etcdctl/talosctl snapshot; integrity of the copy is unchecked");
        }
        else if (_database.TrailerSkipped)
        {
            notices.Add(TrailerSkippedNotice);
        }

        var findings = EtcdSnapshotRules.Judge(new SnapshotFacts(current, history));
        var result = new ScanResult(findings, TalosConfigFile.Defaults.Talos, TalosConfigFile.Defaults.Kubernetes, notices, [_database.DisplayPath]);
        return new SnapshotCheckResult(result, totalList, Keyspace.ConsistentIndex, Keyspace.CompactedRevision);
    }

    /// <summary>
    /// The tally of the whole key bucket: from two threads, earlier and later revisions, when the split walk is
    /// sure to match the single pass; from one otherwise (and always when input is corrupt, so that the error is
    /// the one the single pass meets first).
    /// </summary>
    private Tally TallyRevisions()
    {
        if (!_database.VerifiesTrailer && _database.DatabaseSize >= TwoThreadMinimum && Keyspace.SplitByRevision() is { } halves)
        {
            Tally? earlier = null, later = null;
            if (Keyspace.TryWalkInHalves(halves, count => (earlier = NewTally(count)).Visit, count => (later = NewTally(count)).Visit)
                && earlier!.TryAppend(later!))
            {
                return earlier;
            }
        }

        var tally = NewTally(Keyspace.RevisionCount);
        Keyspace.Walk(tally.Visit);
        return tally;
    }

    private Tally NewTally(long revisions) => new(Keyspace, new ValueClassifier(_database.DisplayPath), revisions);

    /// <summary>
    /// Plaintext and values of no known form always need a finding; encrypted values only when keys are configured
    /// for the resource.
    /// </summary>
    private bool NeedsReview(ValueClass valueClass) =>
        valueClass.Provider is StorageProvider.Identity or StorageProvider.Unknown
        || _options.Keys?.ProvidersFor(_options.Resources[valueClass.Resource]) is not null;

    public static string Label(StorageProvider provider, string keyName) =>
        keyName.Length == 0 ? provider.ToName() : $"{provider.ToName()}/{keyName}";

    /// <summary>The current value as the rules see it: provider and key, and with keys whether they list, write and decrypt it.</summary>
    private StoredObject Describe(int resource, EtcdKeyValue keyValue, StoredValue stored)
    {
        var key = Encoding.UTF8.GetString(keyValue.Key);
        var described = new StoredObject(LocationOf(key), ReferenceOf(resource, key), _options.Resources[resource], key, keyValue.ModRevision, stored.Provider, stored.KeyName);
        if (stored.Provider == StorageProvider.Identity || !stored.IsEncrypted || _options.Keys?.ProvidersFor(_options.Resources[resource]) is not { } providers)
        {
            return described;
        }

        var configured = Find(providers, stored.Provider, stored.KeyName);
        var intact = configured is null ? null : Verify(resource, stored, keyValue.Key);
        return described with { Keys = new KeyCheck(_options.Keys.Source, providers[0].Label, configured is not null, ReferenceEquals(configured, providers[0]), intact) };
    }

    private bool? Verify(int resource, StoredValue stored, ReadOnlySpan<byte> etcdKey)
    {
        var providers = _options.Keys?.ProvidersFor(_options.Resources[resource]);
        var key = providers is null ? null : Find(providers, stored.Provider, stored.KeyName)?.Secret;
        return key is null ? null : IntegrityCheck.Verify(stored.Provider, stored.Payload, etcdKey, key);
    }

    private static ConfiguredKey? Find(IReadOnlyList<ConfiguredKey> providers, StorageProvider provider, string name) =>
        providers.FirstOrDefault(p => p.Provider == provider && p.Name == name);

    private Location LocationOf(string key) => Location.OfFile(_database.DisplayPath, "etcd", key);

    private ObjectReference ReferenceOf(int resource, string key)
    {
        var name = _options.Resources[resource];
        var rest = key[PrefixOf(name).Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return new ObjectReference("v1", KindOf(name), slash < 0 ? string.Empty : rest[..slash], slash < 0 ? rest : rest[(slash + 1)..]);
    }

    private static string KindOf(string resource) => resource switch
    {
        "secrets" => "Secret",
        "configmaps" => "ConfigMap",
        _ => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(resource.TrimEnd('s')),
    };

    /// <summary>
    /// The per-revision work of <see cref="Examine"/>: each value counted as current in its class until a newer
    /// revision of its key supersedes it; older plaintext revisions remembered for TG-SEC-103.
    /// </summary>
    private sealed class Tally(EtcdKeyspace keyspace, ValueClassifier classifier, long revisions)
    {
        public ValueClassifier Classifier { get; } = classifier;

        public KeyHistoryIndex Index { get; } = new(keyspace, revisions);

        public SortedDictionary<string, (int Resource, List<long> Revisions)> PlaintextHistory { get; } = new(StringComparer.Ordinal);

        /// <summary>Once <see cref="TryAppend"/> has taken it in: the tally of the later revisions, and its class ids here.</summary>
        private (Tally Tally, ushort[] Ids, BitArray Superseded)? _later;

        /// <summary>The newest revision of every key (deletions included), with this tally's class ids.</summary>
        public IEnumerable<StoredRecord> Newest()
        {
            for (var i = 0; i < Index.Newest.Length; i++)
            {
                if (_later is not { } later || !later.Superseded[i])
                {
                    yield return Index.Newest[i];
                }
            }

            if (_later is { } appended)
            {
                foreach (var newest in appended.Tally.Newest())
                {
                    yield return newest.Tombstone ? newest : newest with { Class = appended.Ids[newest.Class] };
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Visit(int resource, EtcdRevision revision, EtcdKeyValue keyValue, StoredRecord record)
        {
            if (!revision.Tombstone)
            {
                var id = Classifier.IdOf(resource, keyValue.Value);
                Classifier.Classes[id].Current++;
                record = record with { Class = id };
            }

            if (Index.Record(keyValue.Key, record) is { Tombstone: false } superseded)
            {
                Supersede(superseded);
            }
        }

        /// <summary>
        /// Takes in the tally of the revisions that follow this one's, as if this one had gone on to visit them:
        /// each key's newest revision here is superseded by its first one there, whose plaintext history follows.
        /// False when the two hold more classes than the single pass allows (it reports that error instead).
        /// Only once, and not on a tally that was itself taken in.
        /// </summary>
        public bool TryAppend(Tally later)
        {
            var ids = new ushort[later.Classifier.Classes.Count];
            for (var i = 0; i < ids.Length; i++)
            {
                if (!Classifier.TryAdd(later.Classifier.Classes[i], out ids[i]))
                {
                    return false;
                }
            }

            // Most later keys are usually new here: one bit per key hash (a 32nd of them set) rules them out
            // without a probe of the much larger index.
            var filter = new ulong[BitOperations.RoundUpToPowerOf2((uint)Math.Max(Index.Newest.Length / 2, 1))];
            var mask = ((ulong)filter.Length * 64) - 1;
            foreach (var hash in Index.Hashes)
            {
                filter[(hash & mask) >> 6] |= 1UL << (int)(hash & 63);
            }

            var superseded = new BitArray(Index.Newest.Length);
            var laterHashes = later.Index.Hashes;
            var laterNewest = later.Index.Newest;
            for (var j = 0; j < laterNewest.Length; j++)
            {
                var hash = laterHashes[j];
                if ((filter[(hash & mask) >> 6] & (1UL << (int)(hash & 63))) != 0
                    && Index.IndexOf(keyspace.Decode(laterNewest[j]).Key, hash) is var i and >= 0)
                {
                    superseded[i] = true;
                    if (!Index.Newest[i].Tombstone)
                    {
                        Supersede(Index.Newest[i]);
                    }
                }
            }

            foreach (var (key, (resource, revisions)) in later.PlaintextHistory)
            {
                if (PlaintextHistory.TryGetValue(key, out var history))
                {
                    history.Revisions.AddRange(revisions);
                }
                else
                {
                    PlaintextHistory[key] = (resource, revisions);
                }
            }

            _later = (later, ids, superseded);
            return true;
        }

        private void Supersede(StoredRecord superseded)
        {
            var olderClass = Classifier.Classes[superseded.Class];
            olderClass.Current--;
            olderClass.Older++;
            if (olderClass.Provider == StorageProvider.Identity)
            {
                var older = keyspace.Decode(superseded);
                var key = Encoding.UTF8.GetString(older.Key);
                if (!PlaintextHistory.TryGetValue(key, out var history))
                {
                    history = (olderClass.Resource, []);
                    PlaintextHistory[key] = history;
                }

                history.Revisions.Add(older.ModRevision);
            }
        }
    }

    /// <summary>
    /// Gives each value the id of its class without allocating: an encrypted value's class is decided by its
    /// <c>k8s:enc:provider:version:name:</c> prefix alone, so the first prefixes seen are remembered and matched
    /// before anything is decoded (the last match first: values of one key tend to come in runs).
    /// </summary>
    private sealed class ValueClassifier(string displayPath)
    {
        /// <summary>Enough for any real key rotation; values beyond it are classified in full, as before.</summary>
        private const int MaxPrefixes = 16;

        private readonly Dictionary<(int Resource, StorageProvider Provider, string KeyName), ushort> _ids = [];
        private readonly List<(int Resource, byte[] Prefix, ushort Id)> _prefixes = [];
        private int _lastMatch = -1;

        public List<ValueClass> Classes { get; } = [];

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public ushort IdOf(int resource, ReadOnlySpan<byte> value)
        {
            if (_lastMatch >= 0 && _prefixes[_lastMatch] is var last && last.Resource == resource && value.StartsWith(last.Prefix))
            {
                return last.Id;
            }

            for (var i = 0; i < _prefixes.Count; i++)
            {
                if (_prefixes[i].Resource == resource && value.StartsWith(_prefixes[i].Prefix))
                {
                    _lastMatch = i;
                    return _prefixes[i].Id;
                }
            }

            return Classify(resource, value);
        }

        /// <summary>
        /// Adds the counts of another classifier's class to this one's class of the same resource, provider and
        /// key (made if need be); false when that would be one class too many.
        /// </summary>
        public bool TryAdd(ValueClass other, out ushort id)
        {
            if (!TryGetOrAdd(other.Resource, other.Provider, other.KeyName, out id))
            {
                return false;
            }

            Classes[id].Current += other.Current;
            Classes[id].Older += other.Older;
            return true;
        }

        private bool TryGetOrAdd(int resource, StorageProvider provider, string keyName, out ushort id)
        {
            if (_ids.TryGetValue((resource, provider, keyName), out id))
            {
                return true;
            }

            if (Classes.Count == ushort.MaxValue)
            {
                return false;
            }

            id = (ushort)Classes.Count;
            Classes.Add(new ValueClass(resource, provider, keyName));
            _ids[(resource, provider, keyName)] = id;
            return true;
        }

        private ushort Classify(int resource, ReadOnlySpan<byte> value)
        {
            var stored = StoredValue.Classify(value);
            if (!TryGetOrAdd(resource, stored.Provider, stored.KeyName, out var id))
            {
                throw new InputException(displayPath, $"more than {ushort.MaxValue} distinct provider/key names under the examined prefixes");
            }

            if (_prefixes.Count < MaxPrefixes && value.StartsWith("k8s:enc:"u8) && stored.Payload.Length < value.Length)
            {
                _prefixes.Add((resource, value[..^stored.Payload.Length].ToArray(), id));
                _lastMatch = _prefixes.Count - 1;
            }

            return id;
        }
    }

    /// <summary>Values of one resource stored by one provider and key, with running counts.</summary>
    private sealed class ValueClass(int resource, StorageProvider provider, string keyName)
    {
        public int Resource { get; } = resource;

        public StorageProvider Provider { get; } = provider;

        public string KeyName { get; } = keyName;

        public int Current { get; set; }

        public int Older { get; set; }
    }
}
