using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Talguard.Formats;

/// <summary>
/// NaCl <c>secretbox</c> opening (XSalsa20 + Poly1305), as the apiserver's secretbox provider seals:
/// nonce(24) ‖ tag(16) ‖ ciphertext. Managed so the engine needs no native library and stays AOT-friendly;
/// only used to check integrity, so speed matters less than being obviously right.
/// </summary>
internal static class XSalsa20Poly1305
{
    public const int KeySize = 32;
    public const int NonceSize = 24;
    public const int TagSize = 16;

    private static readonly BigInteger Prime = (BigInteger.One << 130) - 5;

    /// <summary>Authenticates and decrypts <paramref name="sealedBox"/> (nonce ‖ tag ‖ ciphertext) into <paramref name="plaintext"/>.</summary>
    public static bool TryOpen(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedBox, Span<byte> plaintext)
    {
        if (key.Length != KeySize || sealedBox.Length < NonceSize + TagSize || plaintext.Length != sealedBox.Length - NonceSize - TagSize)
        {
            return false;
        }

        var nonce = sealedBox[..NonceSize];
        var tag = sealedBox.Slice(NonceSize, TagSize);
        var ciphertext = sealedBox[(NonceSize + TagSize)..];
        Span<byte> subkey = stackalloc byte[32];
        HSalsa20(key, nonce[..16], subkey);
        Span<uint> state = stackalloc uint[16];
        Span<byte> block = stackalloc byte[64];
        InitState(state, subkey, nonce[16..]);
        Salsa20Block(state, block);
        Span<byte> computed = stackalloc byte[TagSize];
        Poly1305(block[..32], ciphertext, computed);
        if (!CryptographicOperations.FixedTimeEquals(computed, tag))
        {
            CryptographicOperations.ZeroMemory(block);
            CryptographicOperations.ZeroMemory(subkey);
            return false;
        }

        // The first 32 keystream bytes were the Poly1305 key; the message starts at byte 32 of block 0.
        var produced = 0;
        var blockOffset = 32;
        while (produced < ciphertext.Length)
        {
            if (blockOffset == 64)
            {
                Salsa20Block(state, block);
                blockOffset = 0;
            }

            plaintext[produced] = (byte)(ciphertext[produced] ^ block[blockOffset]);
            produced++;
            blockOffset++;
        }

        CryptographicOperations.ZeroMemory(block);
        CryptographicOperations.ZeroMemory(subkey);
        return true;
    }

    private static void InitState(Span<uint> state, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce8)
    {
        SetConstantsAndKey(state, key);
        state[6] = BinaryPrimitives.ReadUInt32LittleEndian(nonce8);
        state[7] = BinaryPrimitives.ReadUInt32LittleEndian(nonce8[4..]);
        state[8] = 0;
        state[9] = 0;
    }

    private static void SetConstantsAndKey(Span<uint> state, ReadOnlySpan<byte> key)
    {
        state[0] = 0x61707865;
        state[5] = 0x3320646e;
        state[10] = 0x79622d32;
        state[15] = 0x6b206574;
        for (var i = 0; i < 4; i++)
        {
            state[1 + i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(4 * i)..]);
            state[11 + i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(16 + (4 * i))..]);
        }
    }

    private static void HSalsa20(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce16, Span<byte> output)
    {
        Span<uint> x = stackalloc uint[16];
        SetConstantsAndKey(x, key);
        for (var i = 0; i < 4; i++)
        {
            x[6 + i] = BinaryPrimitives.ReadUInt32LittleEndian(nonce16[(4 * i)..]);
        }

        DoubleRounds(x);
        ReadOnlySpan<int> picks = [0, 5, 10, 15, 6, 7, 8, 9];
        for (var i = 0; i < picks.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(output[(4 * i)..], x[picks[i]]);
        }

        x.Clear();
    }

    /// <summary>One 64-byte keystream block for the current counter, then advances the counter.</summary>
    private static void Salsa20Block(Span<uint> state, Span<byte> output)
    {
        Span<uint> x = stackalloc uint[16];
        state.CopyTo(x);
        DoubleRounds(x);
        for (var i = 0; i < 16; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(output[(4 * i)..], x[i] + state[i]);
        }

        x.Clear();
        if (++state[8] == 0)
        {
            state[9]++;
        }
    }

    private static void DoubleRounds(Span<uint> x)
    {
        for (var round = 0; round < 10; round++)
        {
            QuarterRound(x, 0, 4, 8, 12);
            QuarterRound(x, 5, 9, 13, 1);
            QuarterRound(x, 10, 14, 2, 6);
            QuarterRound(x, 15, 3, 7, 11);
            QuarterRound(x, 0, 1, 2, 3);
            QuarterRound(x, 5, 6, 7, 4);
            QuarterRound(x, 10, 11, 8, 9);
            QuarterRound(x, 15, 12, 13, 14);
        }
    }

    private static void QuarterRound(Span<uint> x, int a, int b, int c, int d)
    {
        x[b] ^= BitOperations.RotateLeft(x[a] + x[d], 7);
        x[c] ^= BitOperations.RotateLeft(x[b] + x[a], 9);
        x[d] ^= BitOperations.RotateLeft(x[c] + x[b], 13);
        x[a] ^= BitOperations.RotateLeft(x[d] + x[c], 18);
    }

    private static void Poly1305(ReadOnlySpan<byte> oneTimeKey, ReadOnlySpan<byte> message, Span<byte> tag)
    {
        Span<byte> clamped = stackalloc byte[16];
        oneTimeKey[..16].CopyTo(clamped);
        clamped[3] &= 15;
        clamped[7] &= 15;
        clamped[11] &= 15;
        clamped[15] &= 15;
        clamped[4] &= 252;
        clamped[8] &= 252;
        clamped[12] &= 252;
        var r = new BigInteger(clamped, isUnsigned: true);
        var s = new BigInteger(oneTimeKey[16..32], isUnsigned: true);
        var accumulator = BigInteger.Zero;
        Span<byte> chunk = stackalloc byte[17];
        for (var offset = 0; offset < message.Length; offset += 16)
        {
            var length = Math.Min(16, message.Length - offset);
            chunk.Clear();
            message.Slice(offset, length).CopyTo(chunk);
            chunk[length] = 1;
            accumulator = (accumulator + new BigInteger(chunk, isUnsigned: true)) * r % Prime;
        }

        var full = (accumulator + s) & ((BigInteger.One << 128) - 1);
        tag.Clear();
        full.TryWriteBytes(tag, out _, isUnsigned: true);
        CryptographicOperations.ZeroMemory(clamped);
    }
}
