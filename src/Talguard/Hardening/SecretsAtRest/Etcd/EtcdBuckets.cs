namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>Names of the etcd (3.4+) bolt buckets and meta keys this reader uses.</summary>
public static class EtcdBuckets
{
    public static ReadOnlySpan<byte> Key => "key"u8;

    public static ReadOnlySpan<byte> Meta => "meta"u8;

    public static ReadOnlySpan<byte> ConsistentIndex => "consistent_index"u8;

    public static ReadOnlySpan<byte> ScheduledCompactRevision => "scheduledCompactRev"u8;

    public static ReadOnlySpan<byte> FinishedCompactRevision => "finishedCompactRev"u8;
}
