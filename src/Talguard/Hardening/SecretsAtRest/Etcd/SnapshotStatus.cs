using Talguard.Formats;


namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>
/// What <c>etcdctl snapshot status</c> prints: CRC-32C over every root bucket's name and pairs in key order,
/// the main revision of the last <c>key</c> entry, the number of pairs, and the database size without trailer.
/// </summary>
public sealed record SnapshotStatus(uint Hash, long Revision, long TotalKey, long TotalSize)
{
    /// <summary>Walks every root bucket while the trailer is hashed; the trailer check is joined before returning.</summary>
    internal static SnapshotStatus Compute(BoltDatabase database) => database.Verified(() => Walk(database));

    private static SnapshotStatus Walk(BoltDatabase database)
    {
        var crc = new Crc32C();
        long totalKey = 0;
        long revision = 0;
        database.ForEach(database.Root, (name, header, isBucket) =>
        {
            if (!isBucket)
            {
                return;
            }

            crc.Append(name);
            var isKeyBucket = name.SequenceEqual(EtcdBuckets.Key);
            database.ForEach(database.OpenBucket(header), (key, value, nested) =>
            {
                crc.Append(key);
                if (!nested)
                {
                    crc.Append(value);
                }

                totalKey++;
                if (isKeyBucket && key.Length >= 8)
                {
                    revision = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(key);
                }
            });
        });
        return new SnapshotStatus(crc.Value, revision, totalKey, database.DatabaseSize);
    }
}
