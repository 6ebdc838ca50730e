using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Talguard.Formats;

/// <summary>
/// CRC-32C (Castagnoli) as Go's <c>crc32.New(crc32.MakeTable(crc32.Castagnoli))</c> computes it: the hardware
/// instruction behind <see cref="BitOperations.Crc32C(uint, ulong)"/> has no pre/post inversion, so the running
/// state is kept inverted and inverted back when read.
/// </summary>
internal struct Crc32C
{
    private uint _inverted;

    public Crc32C()
    {
        _inverted = uint.MaxValue;
    }

    public readonly uint Value => ~_inverted;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = _inverted;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        _inverted = crc;
    }
}
