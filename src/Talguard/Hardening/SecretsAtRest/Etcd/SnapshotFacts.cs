using Talguard.Findings;

namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>How the current revision of one object is stored; never its value.</summary>
public sealed record StoredObject(Location Location, ObjectReference Reference, string Resource, string Key, long Revision, StorageProvider Provider, string KeyName)
{
    /// <summary>Provider and key as the apiserver names them (<c>aescbc/key1</c>, <c>identity</c>).</summary>
    public string Label => SnapshotCheck.Label(Provider, KeyName);

    /// <summary>What the configured keys say about the value; null when no keys were given for its resource.</summary>
    public KeyCheck? Keys { get; init; }
}

/// <summary>
/// A stored value judged against the configured providers: <paramref name="Listed"/> when its provider and key name
/// are configured, <paramref name="IsWriteKey"/> when that is the first (write) provider, <paramref name="Intact"/>
/// whether it decrypts (null when it could not be tried).
/// </summary>
public sealed record KeyCheck(string Source, string WriteKey, bool Listed, bool IsWriteKey, bool? Intact);

/// <summary>Older plaintext revisions of an object that compaction has not removed yet.</summary>
public sealed record PlaintextHistory(Location Location, ObjectReference Reference, string Resource, string Key, IReadOnlyList<long> Revisions, string Compaction);

/// <summary>What the TG-SEC-1xx rules judge in a snapshot: the current values that need a look and the plaintext history.</summary>
public sealed record SnapshotFacts(IReadOnlyList<StoredObject> Current, IReadOnlyList<PlaintextHistory> History);

/// <summary>A rule over an etcd snapshot (<see cref="RuleInputs.EtcdSnapshot"/>): the snapshot reader gives facts, the rule judges them.</summary>
public abstract class SnapshotRule
{
    public abstract RuleDescriptor Descriptor { get; }

    public abstract IEnumerable<Finding> Check(SnapshotFacts facts);

    public override string ToString() => Descriptor.Id;
}
