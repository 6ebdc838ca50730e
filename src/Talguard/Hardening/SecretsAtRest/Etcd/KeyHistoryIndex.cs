using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>
/// Where one stored revision's mvccpb.KeyValue lies in the mapped snapshot (its offset also identifies the
/// revision), and a caller-defined class of its value (16 bytes in all, so millions fit in little memory).
/// </summary>
public readonly record struct StoredRecord(long Offset, int Length, bool Tombstone, ushort Class = 0);

/// <summary>
/// For every etcd key seen, its newest stored revision. It keeps no key text: an open-addressing table of
/// 8-byte slots (32 bits of the key's hash, and the index of the key's newest record) over one array of
/// records and one of their keys' hashes. A key is compared in full, re-read from the snapshot, only when the 32 hash bits match, so the
/// table is exact and stays small with millions of keys.
/// </summary>
internal sealed class KeyHistoryIndex
{
    /// <summary>Beyond this many revisions the tables grow as usual, so a corrupt count cannot make them allocate gigabytes.</summary>
    private const long MaxPresize = 4_000_000;

    private readonly EtcdKeyspace _keyspace;
    private StoredRecord[] _newest;
    private ulong[] _hashes;
    private int _count;

    /// <summary>0 = empty, else (high 32 bits of the key hash) &lt;&lt; 32 | (record index + 1); at most half full.</summary>
    private ulong[] _slots;

    /// <summary>Sized for every revision in the key bucket up front: growing tables of millions would briefly hold two.</summary>
    public KeyHistoryIndex(EtcdKeyspace keyspace)
        : this(keyspace, keyspace.RevisionCount)
    {
    }

    /// <summary>Sized for <paramref name="revisions"/> (a part of the key bucket; tests give fewer than there are, to make the tables grow).</summary>
    internal KeyHistoryIndex(EtcdKeyspace keyspace, long revisions)
    {
        _keyspace = keyspace;
        var expected = (int)Math.Clamp(revisions, 16, MaxPresize);
        _newest = new StoredRecord[expected];
        _hashes = new ulong[expected];
        _slots = new ulong[BitOperations.RoundUpToPowerOf2((uint)expected * 2)];
    }

    /// <summary>All newest revisions (deletions included), in the order their keys first appeared.</summary>
    public ReadOnlySpan<StoredRecord> Newest => _newest.AsSpan(0, _count);

    /// <summary>The <see cref="Hash"/> of each of <see cref="Newest"/>'s keys.</summary>
    public ReadOnlySpan<ulong> Hashes => _hashes.AsSpan(0, _count);

    /// <summary>Records a revision (they arrive in ascending order) and returns the one it supersedes, if any.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public StoredRecord? Record(ReadOnlySpan<byte> key, StoredRecord record)
    {
        var hash = Hash(key);
        var index = Find(key, hash, out var slot);
        if (index >= 0)
        {
            var superseded = _newest[index];
            _newest[index] = record;
            return superseded;
        }

        if (_count == _newest.Length)
        {
            Array.Resize(ref _newest, _count * 2);
            Array.Resize(ref _hashes, _count * 2);
        }

        _newest[_count] = record;
        _hashes[_count] = hash;
        _count++;
        _slots[slot] = (hash & 0xFFFF_FFFF_0000_0000UL) | (uint)_count;
        if (_count * 2L > _slots.Length)
        {
            Rehash();
        }

        return null;
    }

    /// <summary>Where in <see cref="Newest"/> the newest revision of <paramref name="key"/> (whose hash is given) is, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> key, ulong hash) => Find(key, hash, out _);

    /// <summary>True when the record at <paramref name="offset"/> is the newest revision of <paramref name="key"/> and not a deletion.</summary>
    public bool IsCurrent(ReadOnlySpan<byte> key, long offset)
    {
        var index = Find(key, Hash(key), out _);
        return index >= 0 && _newest[index].Offset == offset && !_newest[index].Tombstone;
    }

    /// <summary>
    /// A fast 64-bit hash of a key, 8 bytes per step (multiply-rotate, then a final avalanche). Its quality only
    /// matters for speed: equal hashes are always told apart by comparing the keys.
    /// </summary>
    internal static ulong Hash(ReadOnlySpan<byte> key)
    {
        const ulong Multiplier = 0x9E3779B97F4A7C15UL;
        var hash = (ulong)key.Length * Multiplier;
        while (key.Length >= 8)
        {
            hash = BitOperations.RotateLeft((hash ^ BinaryPrimitives.ReadUInt64LittleEndian(key)) * Multiplier, 29);
            key = key[8..];
        }

        ulong tail = 0;
        for (var i = 0; i < key.Length; i++)
        {
            tail |= (ulong)key[i] << (8 * i);
        }

        hash = (hash ^ tail) * Multiplier;
        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        return hash ^ (hash >> 33);
    }

    /// <summary>The record index of <paramref name="key"/>, or -1 with <paramref name="slot"/> the empty slot where it belongs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Find(ReadOnlySpan<byte> key, ulong hash, out int slot)
    {
        var mask = _slots.Length - 1;
        var high = hash & 0xFFFF_FFFF_0000_0000UL;
        for (slot = (int)hash & mask; ; slot = (slot + 1) & mask)
        {
            var entry = _slots[slot];
            if (entry == 0)
            {
                return -1;
            }

            var index = (int)(uint)entry - 1;
            if ((entry & 0xFFFF_FFFF_0000_0000UL) == high && _keyspace.Decode(_newest[index]).Key.SequenceEqual(key))
            {
                return index;
            }
        }
    }

    /// <summary>Only past the presized count.</summary>
    private void Rehash()
    {
        _slots = new ulong[_slots.Length * 2];
        var mask = _slots.Length - 1;
        for (var index = 0; index < _count; index++)
        {
            var hash = _hashes[index];
            var slot = (int)hash & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = (hash & 0xFFFF_FFFF_0000_0000UL) | (uint)(index + 1);
        }
    }
}
