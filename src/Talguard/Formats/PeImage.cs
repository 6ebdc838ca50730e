using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Talguard.Model;

namespace Talguard.Formats;

/// <summary>One section header of a PE image.</summary>
internal sealed record PeSection(string Name, uint VirtualAddress, uint VirtualSize, uint RawOffset, uint RawSize);

/// <summary>One WIN_CERTIFICATE of the certificate table (type 2 = PKCS#7 SignedData, Authenticode).</summary>
internal sealed record PeCertificate(long Offset, ushort Revision, ushort Type, ReadOnlyMemory<byte> Data);

/// <summary>
/// A PE/COFF image (an EFI application, a UKI): headers, sections and the Authenticode certificate table.
/// Only what Authenticode needs is read; every offset is bounds-checked against the file.
/// </summary>
internal sealed class PeImage
{
    /// <summary>Hard limit; a Talos UKI is about 100 MiB.</summary>
    public const long MaxImageSize = 512L * 1024 * 1024;

    public const ushort PkcsSignedData = 0x0002;

    private byte[]? sha256Digest;

    private PeImage(ReadOnlyMemory<byte> bytes, bool isPe32Plus, ushort machine, int checkSumOffset, int securityEntryOffset, uint certificateTableOffset, uint certificateTableSize, IReadOnlyList<PeSection> sections, IReadOnlyList<PeCertificate> certificates)
    {
        Bytes = bytes;
        IsPe32Plus = isPe32Plus;
        Machine = machine;
        CheckSumOffset = checkSumOffset;
        SecurityEntryOffset = securityEntryOffset;
        CertificateTableOffset = certificateTableOffset;
        CertificateTableSize = certificateTableSize;
        Sections = sections;
        Certificates = certificates;
    }

    public ReadOnlyMemory<byte> Bytes { get; }

    public bool IsPe32Plus { get; }

    public ushort Machine { get; }

    public int CheckSumOffset { get; }

    /// <summary>File offset of the 8-byte Security data-directory entry (excluded from the Authenticode digest).</summary>
    public int SecurityEntryOffset { get; }

    public uint CertificateTableOffset { get; }

    public uint CertificateTableSize { get; }

    public IReadOnlyList<PeSection> Sections { get; }

    public IReadOnlyList<PeCertificate> Certificates { get; }

    public bool IsSigned => CertificateTableSize > 0;

    /// <summary>A Unified Kernel Image: a PE that carries the kernel in a <c>.linux</c> section.</summary>
    public bool IsUnifiedKernelImage => Sections.Any(s => s.Name == ".linux");

    public string MachineName => Machine switch
    {
        0x8664 => "x86-64",
        0xAA64 => "arm64",
        0x014C => "i386",
        0x5064 => "riscv64",
        _ => "0x" + Machine.ToString("X4", System.Globalization.CultureInfo.InvariantCulture),
    };

    public static bool Looks(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == (byte)'M' && data[1] == (byte)'Z';

    public static PeImage Parse(string file, ReadOnlyMemory<byte> bytes)
    {
        var data = bytes.Span;
        if (bytes.Length > MaxImageSize)
        {
            throw new InputException(file, $"PE image larger than {MaxImageSize} bytes");
        }

        if (data.Length < 0x40 || !Looks(data))
        {
            throw new InputException(file, "not a PE image: no MZ header");
        }

        var peOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[0x3C..]);
        if (peOffset > data.Length - 24 || !data.Slice((int)peOffset, 4).SequenceEqual("PE\0\0"u8))
        {
            throw new InputException(file, $"not a PE image: no PE signature at offset {peOffset}");
        }

        var coff = (int)peOffset + 4;
        var machine = BinaryPrimitives.ReadUInt16LittleEndian(data[coff..]);
        var sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(data[(coff + 2)..]);
        var optionalSize = BinaryPrimitives.ReadUInt16LittleEndian(data[(coff + 16)..]);
        var optional = coff + 20;
        if (optional + optionalSize > data.Length || optionalSize < 2)
        {
            throw new InputException(file, $"PE optional header ({optionalSize} bytes at {optional}) runs past the end of the file");
        }

        var magic = BinaryPrimitives.ReadUInt16LittleEndian(data[optional..]);
        var isPe32Plus = magic switch
        {
            0x20B => true,
            0x10B => false,
            _ => throw new InputException(file, $"PE optional header magic 0x{magic:X} is neither PE32 (0x10B) nor PE32+ (0x20B)"),
        };
        var directories = optional + (isPe32Plus ? 112 : 96);
        var securityEntry = directories + (4 * 8);
        // NumberOfRvaAndSizes sits just before the data directories.
        if (securityEntry + 8 > optional + optionalSize || BinaryPrimitives.ReadUInt32LittleEndian(data[(directories - 4)..]) < 5)
        {
            throw new InputException(file, "PE optional header has no Security data directory");
        }

        var tableOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[securityEntry..]);
        var tableSize = BinaryPrimitives.ReadUInt32LittleEndian(data[(securityEntry + 4)..]);
        if (tableSize > 0 && ((ulong)tableOffset + tableSize > (ulong)data.Length || tableOffset < securityEntry + 8))
        {
            throw new InputException(file, $"PE certificate table ({tableSize} bytes at {tableOffset}) lies outside the file");
        }

        var sections = ReadSections(file, data, optional + optionalSize, sectionCount);
        var certificates = tableSize > 0 ? ReadCertificates(file, bytes, tableOffset, tableSize) : [];
        return new PeImage(bytes, isPe32Plus, machine, optional + 64, securityEntry, tableOffset, tableSize, sections, certificates);
    }

    /// <summary>
    /// The Authenticode digest: the file minus the CheckSum field and the Security directory entry, up to the
    /// certificate table (whole file when unsigned). This equals the section-by-section definition for images
    /// without gaps, which is what sbsign, osslsigncode and systemd-ukify produce.
    /// </summary>
    public byte[] AuthenticodeDigest(HashAlgorithmName algorithm)
    {
        // The inspector and the verifier both need the SHA-256 digest; a UKI is ~100 MiB, so hash it once.
        if (algorithm == HashAlgorithmName.SHA256)
        {
            return sha256Digest ??= ComputeDigest(algorithm);
        }

        return ComputeDigest(algorithm);
    }

    private byte[] ComputeDigest(HashAlgorithmName algorithm)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        var data = Bytes.Span;
        var end = IsSigned ? (int)CertificateTableOffset : data.Length;
        hash.AppendData(data[..CheckSumOffset]);
        hash.AppendData(data[(CheckSumOffset + 4)..SecurityEntryOffset]);
        hash.AppendData(data[(SecurityEntryOffset + 8)..end]);
        return hash.GetHashAndReset();
    }

    private static List<PeSection> ReadSections(string file, ReadOnlySpan<byte> data, int table, int count)
    {
        if (table + ((long)count * 40) > data.Length)
        {
            throw new InputException(file, $"PE section table ({count} sections at {table}) runs past the end of the file");
        }

        var sections = new List<PeSection>(count);
        for (var i = 0; i < count; i++)
        {
            var header = data.Slice(table + (i * 40), 40);
            var rawName = header[..8];
            var nul = rawName.IndexOf((byte)0);
            var name = Encoding.ASCII.GetString(nul >= 0 ? rawName[..nul] : rawName);
            sections.Add(new PeSection(
                name,
                BinaryPrimitives.ReadUInt32LittleEndian(header[12..]),
                BinaryPrimitives.ReadUInt32LittleEndian(header[8..]),
                BinaryPrimitives.ReadUInt32LittleEndian(header[20..]),
                BinaryPrimitives.ReadUInt32LittleEndian(header[16..])));
        }

        return sections;
    }

    private static List<PeCertificate> ReadCertificates(string file, ReadOnlyMemory<byte> bytes, uint tableOffset, uint tableSize)
    {
        var certificates = new List<PeCertificate>();
        long offset = tableOffset;
        var end = (long)tableOffset + tableSize;
        while (end - offset >= 8)
        {
            var header = bytes.Span.Slice((int)offset, 8);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
            if (length < 8 || offset + length > end)
            {
                throw new InputException(file, $"WIN_CERTIFICATE at {offset}: dwLength {length} does not fit in the certificate table");
            }

            certificates.Add(new PeCertificate(offset, BinaryPrimitives.ReadUInt16LittleEndian(header[4..]), BinaryPrimitives.ReadUInt16LittleEndian(header[6..]), bytes.Slice((int)offset + 8, (int)length - 8)));
            offset += (length + 7) & ~7u;
        }

        return certificates;
    }
}
