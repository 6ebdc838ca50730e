using System.Runtime.CompilerServices;

namespace Talguard.Formats;

/// <summary>An <c>mvccpb.KeyValue</c> as stored in the <c>key</c> bucket; spans point into the snapshot.</summary>
internal readonly ref struct EtcdKeyValue
{
    private EtcdKeyValue(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, long createRevision, long modRevision, long version, long lease)
    {
        Key = key;
        Value = value;
        CreateRevision = createRevision;
        ModRevision = modRevision;
        Version = version;
        Lease = lease;
    }

    public ReadOnlySpan<byte> Key { get; }

    public ReadOnlySpan<byte> Value { get; }

    public long CreateRevision { get; }

    public long ModRevision { get; }

    public long Version { get; }

    public long Lease { get; }

    /// <summary>Decodes fields 1..6 (key, create_revision, mod_revision, version, value, lease), skipping unknown ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryDecode(ReadOnlySpan<byte> data, out EtcdKeyValue keyValue)
    {
        keyValue = default;
        var reader = new ProtoReader(data);
        ReadOnlySpan<byte> key = default, value = default;
        long create = 0, mod = 0, version = 0, lease = 0;
        while (reader.TryNext())
        {
            switch (reader.Field, reader.WireType)
            {
                case (1, 2):
                    key = reader.Bytes;
                    break;
                case (2, 0):
                    create = (long)reader.Varint;
                    break;
                case (3, 0):
                    mod = (long)reader.Varint;
                    break;
                case (4, 0):
                    version = (long)reader.Varint;
                    break;
                case (5, 2):
                    value = reader.Bytes;
                    break;
                case (6, 0):
                    lease = (long)reader.Varint;
                    break;
                default:
                    break;
            }
        }

        if (!reader.AtEnd || key.IsEmpty)
        {
            return false;
        }

        keyValue = new EtcdKeyValue(key, value, create, mod, version, lease);
        return true;
    }
}
