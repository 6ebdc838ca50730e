using System.Buffers.Binary;

namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>
/// A key of etcd's <c>key</c> bucket: main revision (u64 big-endian), '_', sub revision (u64 big-endian),
/// and a trailing 't' when the revision is a tombstone (the key was deleted).
/// </summary>
public readonly record struct EtcdRevision(long Main, long Sub, bool Tombstone)
{
    public const int Size = 17;

    public static bool TryParse(ReadOnlySpan<byte> bytes, out EtcdRevision revision)
    {
        revision = default;
        if (bytes.Length is not (Size or Size + 1) || bytes[8] != (byte)'_' || (bytes.Length == Size + 1 && bytes[Size] != (byte)'t'))
        {
            return false;
        }

        revision = new EtcdRevision(
            BinaryPrimitives.ReadInt64BigEndian(bytes),
            BinaryPrimitives.ReadInt64BigEndian(bytes[9..]),
            bytes.Length == Size + 1);
        return true;
    }

    public override string ToString() => Tombstone ? $"{Main}_{Sub} (tombstone)" : $"{Main}_{Sub}";
}
