using System.Runtime.CompilerServices;

namespace Talguard.Formats;

/// <summary>
/// A minimal forward-only protobuf wire reader (varint, 64-bit, length-delimited, 32-bit), enough for
/// mvccpb.KeyValue, runtime.Unknown and the KMS v2 EncryptedObject. Malformed input makes
/// <see cref="TryNext"/> return false; it never reads outside the span.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _rest = data;

    public int Field { get; private set; }

    public int WireType { get; private set; }

    public ulong Varint { get; private set; }

    public ReadOnlySpan<byte> Bytes { get; private set; }

    public readonly bool AtEnd => _rest.IsEmpty;

    /// <summary>Reads the next field; false at the end or on malformed data (check <see cref="AtEnd"/> to tell which).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryNext()
    {
        if (_rest.IsEmpty || !TryReadVarint(out var tag) || tag >> 3 is 0 or > int.MaxValue)
        {
            return false;
        }

        Field = (int)(tag >> 3);
        WireType = (int)(tag & 7);
        Bytes = default;
        Varint = 0;
        switch (WireType)
        {
            case 0:
                if (!TryReadVarint(out var value))
                {
                    return false;
                }

                Varint = value;
                return true;
            case 1:
                return TryTake(8);
            case 2:
                return TryReadVarint(out var length) && length <= (ulong)_rest.Length && TryTake((int)length);
            case 5:
                return TryTake(4);
            default:
                return false;
        }
    }

    private bool TryTake(int length)
    {
        if (length > _rest.Length)
        {
            return false;
        }

        Bytes = _rest[..length];
        _rest = _rest[length..];
        return true;
    }

    private bool TryReadVarint(out ulong value)
    {
        value = 0;
        for (var i = 0; i < 10 && i < _rest.Length; i++)
        {
            value |= (ulong)(_rest[i] & 0x7F) << (7 * i);
            if (_rest[i] < 0x80)
            {
                _rest = _rest[(i + 1)..];
                return true;
            }
        }

        return false;
    }
}
