using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Talguard.Hardening.SecureBoot;
using Talguard.Model;

namespace Talguard.Formats;

/// <summary>
/// A signed variable update (.auth): EFI_VARIABLE_AUTHENTICATION_2 = EFI_TIME, WIN_CERTIFICATE_UEFI_GUID
/// {dwLength, 0x0200, 0x0EF1, EFI_CERT_TYPE_PKCS7_GUID, PKCS#7 SignedData}, followed by the new content (an ESL).
/// </summary>
internal sealed record AuthenticatedVariable(EfiTime Timestamp, byte[] Signature, byte[] Content)
{
    public const int WinCertificateHeaderSize = 24;
    public const ushort WinCertificateRevision = 0x0200;
    public const ushort WinCertTypeEfiGuid = 0x0EF1;
    public const int HeaderSize = EfiTime.Size + WinCertificateHeaderSize;

    /// <summary>True when <paramref name="data"/> starts like an EFI_VARIABLE_AUTHENTICATION_2.</summary>
    public static bool Looks(ReadOnlySpan<byte> data) =>
        data.Length >= HeaderSize
        && BinaryPrimitives.ReadUInt16LittleEndian(data[20..]) == WinCertificateRevision
        && BinaryPrimitives.ReadUInt16LittleEndian(data[22..]) == WinCertTypeEfiGuid
        && EfiGuids.Read(data[24..]) == EfiGuids.CertPkcs7;

    public static AuthenticatedVariable Parse(string file, ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderSize)
        {
            throw new InputException(file, $"{data.Length} bytes is too short for an authenticated variable header ({HeaderSize} bytes)");
        }

        if (data.Length > EfiSignatureList.MaxVariableSize)
        {
            throw new InputException(file, $"authenticated variable larger than {EfiSignatureList.MaxVariableSize} bytes");
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(data[16..]);
        if (!Looks(data))
        {
            throw new InputException(file, "not an EFI_VARIABLE_AUTHENTICATION_2: WIN_CERTIFICATE must be revision 0x0200, type 0x0EF1 (EFI_GUID), EFI_CERT_TYPE_PKCS7_GUID");
        }

        if (length < WinCertificateHeaderSize || length > (uint)(data.Length - EfiTime.Size))
        {
            throw new InputException(file, $"WIN_CERTIFICATE dwLength {length} does not fit in the {data.Length - EfiTime.Size} bytes after EFI_TIME");
        }

        var signatureEnd = EfiTime.Size + (int)length;
        return new AuthenticatedVariable(EfiTime.Read(data), data[HeaderSize..signatureEnd].ToArray(), data[signatureEnd..].ToArray());
    }

    /// <summary>
    /// What is signed: UTF-16LE name (no NUL) || vendor GUID || u32 attributes || EFI_TIME || content,
    /// byte-identical to <c>sign-efi-sig-list -o</c>.
    /// </summary>
    public static byte[] SigningPayload(string name, Guid vendor, uint attributes, EfiTime timestamp, ReadOnlySpan<byte> content)
    {
        var nameBytes = Encoding.Unicode.GetBytes(name);
        var payload = new byte[nameBytes.Length + 16 + 4 + EfiTime.Size + content.Length];
        nameBytes.CopyTo(payload, 0);
        var offset = nameBytes.Length;
        EfiGuids.Write(vendor, payload.AsSpan(offset));
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(offset + 16), attributes);
        timestamp.Write(payload.AsSpan(offset + 20));
        content.CopyTo(payload.AsSpan(offset + 20 + EfiTime.Size));
        return payload;
    }

    /// <summary>Signs <paramref name="content"/> for <paramref name="variable"/> as <c>sign-efi-sig-list [-a] -t T</c> does.</summary>
    public static AuthenticatedVariable Sign(SecureBootVariable variable, bool append, EfiTime timestamp, byte[] content, X509Certificate2 signer, RSA key)
    {
        var attributes = SecureBootVariable.DefaultAttributes | (append ? SecureBootVariable.AppendWrite : 0);
        var payload = SigningPayload(variable.Name, variable.Vendor, attributes, timestamp, content);
        return new AuthenticatedVariable(timestamp, CmsSignedData.SignDetached(payload, signer, key), content);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[HeaderSize + Signature.Length + Content.Length];
        Timestamp.Write(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), (uint)(WinCertificateHeaderSize + Signature.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(20), WinCertificateRevision);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(22), WinCertTypeEfiGuid);
        EfiGuids.Write(EfiGuids.CertPkcs7, bytes.AsSpan(24));
        Signature.CopyTo(bytes, HeaderSize);
        Content.CopyTo(bytes, HeaderSize + Signature.Length);
        return bytes;
    }

    /// <summary>
    /// The header of a signing payload (<c>sign-efi-sig-list -o</c>): UTF-16LE name, vendor GUID, attributes and
    /// EFI_TIME, recognised by an ASCII name followed by a known vendor GUID.
    /// </summary>
    public static (string Name, Guid Vendor, uint Attributes, EfiTime Timestamp, int Length)? ReadSigningPayloadHeader(ReadOnlySpan<byte> data)
    {
        var nameLength = 0;
        while (nameLength + 1 < data.Length && nameLength < 128 && char.IsAsciiLetterOrDigit((char)data[nameLength]) && data[nameLength + 1] == 0)
        {
            nameLength += 2;
        }

        var headerLength = nameLength + 16 + 4 + EfiTime.Size;
        if (nameLength == 0 || data.Length < headerLength)
        {
            return null;
        }

        var vendor = EfiGuids.Read(data[nameLength..]);
        var knownVendor = vendor == EfiGuids.GlobalVariable || vendor == EfiGuids.ImageSecurityDatabase;
        var listFollows = data.Length >= headerLength + 16 && EfiGuids.SignatureTypes.ContainsKey(EfiGuids.Read(data[headerLength..]));
        if (!knownVendor && !listFollows)
        {
            return null;
        }

        var name = Encoding.Unicode.GetString(data[..nameLength]);
        return (name, vendor, BinaryPrimitives.ReadUInt32LittleEndian(data[(nameLength + 16)..]), EfiTime.Read(data[(nameLength + 20)..]), headerLength);
    }
}
