using System.Buffers.Binary;
using Talguard.Model;

namespace Talguard.Formats;

/// <summary>One EFI_SIGNATURE_DATA: the owner GUID and the payload (a certificate or a hash).</summary>
internal sealed record EfiSignatureEntry(Guid Owner, byte[] Data);

/// <summary>
/// One EFI_SIGNATURE_LIST (UEFI 2.10 §32.4.1): a 28-byte header, an optional type-specific header and
/// entries of equal size. A variable (or an .esl file) is several lists back to back.
/// </summary>
internal sealed record EfiSignatureList(Guid Type, byte[] Header, int SignatureSize, IReadOnlyList<EfiSignatureEntry> Entries)
{
    public const int FixedHeaderSize = 28;

    /// <summary>Hard limit for one variable or .esl file; real db/dbx variables are well below 1 MiB.</summary>
    public const int MaxVariableSize = 16 * 1024 * 1024;

    public int ListSize => FixedHeaderSize + Header.Length + (SignatureSize * Entries.Count);

    /// <summary>A list holding one certificate, as <c>cert-to-efi-sig-list -g OWNER</c> writes it.</summary>
    public static EfiSignatureList ForCertificate(Guid owner, byte[] certificateDer) =>
        new(EfiGuids.CertX509, [], 16 + certificateDer.Length, [new EfiSignatureEntry(owner, certificateDer)]);

    /// <summary>Parses concatenated lists; <paramref name="baseOffset"/> positions error messages in the enclosing file.</summary>
    public static IReadOnlyList<EfiSignatureList> ParseAll(string file, ReadOnlySpan<byte> data, long baseOffset = 0)
    {
        if (data.Length > MaxVariableSize)
        {
            throw new InputException(file, $"signature database larger than {MaxVariableSize} bytes");
        }

        var lists = new List<EfiSignatureList>();
        var offset = 0;
        while (offset < data.Length)
        {
            var at = baseOffset + offset;
            var rest = data[offset..];
            if (rest.Length < FixedHeaderSize)
            {
                throw new InputException(file, $"signature list at offset {at}: {rest.Length} bytes left, a list header needs {FixedHeaderSize}");
            }

            var type = EfiGuids.Read(rest);
            var listSize = BinaryPrimitives.ReadUInt32LittleEndian(rest[16..]);
            var headerSize = BinaryPrimitives.ReadUInt32LittleEndian(rest[20..]);
            var signatureSize = BinaryPrimitives.ReadUInt32LittleEndian(rest[24..]);
            if (listSize > (uint)rest.Length)
            {
                throw new InputException(file, $"signature list at offset {at}: SignatureListSize {listSize} runs past the end of the data ({rest.Length} bytes left)");
            }

            if (listSize < FixedHeaderSize || headerSize > listSize - FixedHeaderSize)
            {
                throw new InputException(file, $"signature list at offset {at}: SignatureHeaderSize {headerSize} does not fit in SignatureListSize {listSize}");
            }

            var body = listSize - FixedHeaderSize - headerSize;
            if (signatureSize <= 16 || body % signatureSize != 0)
            {
                throw new InputException(file, $"signature list at offset {at}: SignatureSize {signatureSize} does not divide the {body} bytes of entries (each entry is a 16-byte owner plus data)");
            }

            if (EfiGuids.SignatureTypes.TryGetValue(type, out var known) && known.PayloadSize > 0 && signatureSize != 16 + known.PayloadSize)
            {
                throw new InputException(file, $"signature list at offset {at}: {known.Name} entries are {16 + known.PayloadSize} bytes, SignatureSize says {signatureSize}");
            }

            var header = rest.Slice(FixedHeaderSize, (int)headerSize).ToArray();
            var entries = new List<EfiSignatureEntry>();
            for (var entry = FixedHeaderSize + (int)headerSize; entry < listSize; entry += (int)signatureSize)
            {
                var slot = rest.Slice(entry, (int)signatureSize);
                entries.Add(new EfiSignatureEntry(EfiGuids.Read(slot), slot[16..].ToArray()));
            }

            lists.Add(new EfiSignatureList(type, header, (int)signatureSize, entries));
            offset += (int)listSize;
        }

        return lists;
    }

    public static byte[] WriteAll(IEnumerable<EfiSignatureList> lists)
    {
        using var buffer = new MemoryStream();
        foreach (var list in lists)
        {
            buffer.Write(list.ToBytes());
        }

        return buffer.ToArray();
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[ListSize];
        EfiGuids.Write(Type, bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), (uint)ListSize);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), (uint)Header.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), (uint)SignatureSize);
        Header.CopyTo(bytes, FixedHeaderSize);
        var offset = FixedHeaderSize + Header.Length;
        foreach (var entry in Entries)
        {
            if (entry.Data.Length != SignatureSize - 16)
            {
                throw new InvalidOperationException("every entry of a signature list has the same size");
            }

            EfiGuids.Write(entry.Owner, bytes.AsSpan(offset));
            entry.Data.CopyTo(bytes, offset + 16);
            offset += SignatureSize;
        }

        return bytes;
    }
}
