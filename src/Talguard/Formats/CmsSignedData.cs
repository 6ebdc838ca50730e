using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Talguard.Hardening.SecureBoot;
using Talguard.Model;

namespace Talguard.Formats;

/// <summary>One SignerInfo of a PKCS#7/CMS SignedData (RFC 5652 §5.3), kept as raw DER where it is signed.</summary>
internal sealed record CmsSignerInfo(
    ReadOnlyMemory<byte> IssuerName,
    ReadOnlyMemory<byte> SerialNumber,
    string DigestAlgorithm,
    ReadOnlyMemory<byte>? SignedAttributes,
    ReadOnlyMemory<byte>? MessageDigest,
    string SignatureAlgorithm,
    ReadOnlyMemory<byte> Signature);

/// <summary>
/// A PKCS#7 SignedData, either bare (UEFI authenticated variables) or inside a ContentInfo (Authenticode).
/// Written with <see cref="AsnWriter"/> rather than SignedCms so the bytes match sign-efi-sig-list exactly
/// (openssl's PKCS7_NOATTR | PKCS7_DETACHED output) and no extra package is needed.
/// </summary>
internal sealed class CmsSignedData
{
    public const string Sha1 = "1.3.14.3.2.26";
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";
    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string Sha1WithRsa = "1.2.840.113549.1.1.5";
    public const string Data = "1.2.840.113549.1.7.1";
    public const string SignedDataType = "1.2.840.113549.1.7.2";
    public const string MessageDigestAttribute = "1.2.840.113549.1.9.4";

    private CmsSignedData(string contentType, ReadOnlyMemory<byte>? content, IReadOnlyList<ReadOnlyMemory<byte>> certificates, IReadOnlyList<CmsSignerInfo> signers, IReadOnlyList<string> digestAlgorithms)
    {
        ContentType = contentType;
        Content = content;
        Certificates = certificates;
        Signers = signers;
        DigestAlgorithms = digestAlgorithms;
    }

    /// <summary>eContentType: pkcs7-data for UEFI variables, SPC_INDIRECT_DATA for Authenticode.</summary>
    public string ContentType { get; }

    /// <summary>The bytes the messageDigest covers (OCTET STRING contents, or the value of a PKCS#7 v1.5 SEQUENCE); null when detached.</summary>
    public ReadOnlyMemory<byte>? Content { get; }

    public IReadOnlyList<ReadOnlyMemory<byte>> Certificates { get; }

    public IReadOnlyList<CmsSignerInfo> Signers { get; }

    public IReadOnlyList<string> DigestAlgorithms { get; }

    public static HashAlgorithmName? HashFor(string oid) => oid switch
    {
        Sha1 => HashAlgorithmName.SHA1,
        Sha256 => HashAlgorithmName.SHA256,
        Sha384 => HashAlgorithmName.SHA384,
        Sha512 => HashAlgorithmName.SHA512,
        _ => null,
    };

    public static string DigestName(string oid) => HashFor(oid)?.Name ?? oid;

    /// <summary>Detached SHA-256 SignedData over <paramref name="payload"/>, signer certificate included, no signed attributes.</summary>
    public static byte[] SignDetached(ReadOnlySpan<byte> payload, X509Certificate2 signer, RSA key)
    {
        var signature = key.SignData(payload.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            using (writer.PushSetOf())
            {
                WriteAlgorithm(writer, Sha256);
            }

            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Data);
            }

            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                writer.WriteEncodedValue(signer.RawData);
            }

            using (writer.PushSetOf())
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                using (writer.PushSequence())
                {
                    writer.WriteEncodedValue(signer.IssuerName.RawData);
                    writer.WriteEncodedValue(SerialNumberElement(signer.RawData));
                }

                WriteAlgorithm(writer, Sha256);
                WriteAlgorithm(writer, RsaEncryption);
                writer.WriteOctetString(signature);
            }
        }

        return writer.Encode();
    }

    /// <summary>Parses a bare SignedData or a ContentInfo{signedData}; malformed DER becomes an <see cref="InputException"/>.</summary>
    public static CmsSignedData Parse(string file, ReadOnlyMemory<byte> der)
    {
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.BER);
            var sequence = outer.ReadSequence();
            if (sequence.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
            {
                var type = sequence.ReadObjectIdentifier();
                if (type != SignedDataType)
                {
                    throw new InputException(file, $"PKCS#7 content type {type} is not signedData");
                }

                var explicitContent = sequence.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
                sequence = explicitContent.ReadSequence();
            }

            return ReadSignedData(sequence);
        }
        catch (AsnContentException ex)
        {
            throw new InputException(file, "PKCS#7 signature is not valid DER: " + ex.Message);
        }
    }

    /// <summary>Every certificate carried in the SignedData that parses.</summary>
    public IEnumerable<X509Certificate2> LoadCertificates()
    {
        foreach (var raw in Certificates)
        {
            if (CertificateFacts.TryLoad(raw.Span) is { } certificate)
            {
                yield return certificate;
            }
        }
    }

    /// <summary>The certificate a signer names by issuer and serial number, among <paramref name="candidates"/>.</summary>
    public static X509Certificate2? FindSigner(CmsSignerInfo signer, IEnumerable<X509Certificate2> candidates) =>
        candidates.FirstOrDefault(c => c.IssuerName.RawData.AsSpan().SequenceEqual(signer.IssuerName.Span)
            && SerialNumberElement(c.RawData).AsSpan().SequenceEqual(signer.SerialNumber.Span));

    /// <summary>
    /// Checks <paramref name="signer"/>'s signature over <paramref name="content"/> with <paramref name="certificate"/>'s key.
    /// With signed attributes the messageDigest must match and the signature covers the attributes.
    /// </summary>
    public static bool VerifySignature(CmsSignerInfo signer, X509Certificate2 certificate, ReadOnlySpan<byte> content)
    {
        if (HashFor(signer.DigestAlgorithm) is not { } hash)
        {
            return false;
        }

        byte[] signedBytes;
        if (signer.SignedAttributes is { } attributes)
        {
            if (signer.MessageDigest is not { } expected || !CryptographicOperations.FixedTimeEquals(Digest(hash, content), expected.Span))
            {
                return false;
            }

            // The signature covers the attributes re-encoded as a SET (tag 0x31) instead of their [0] IMPLICIT tag.
            signedBytes = attributes.ToArray();
            signedBytes[0] = 0x31;
        }
        else
        {
            signedBytes = content.ToArray();
        }

        return VerifyWithKey(certificate, Digest(hash, signedBytes), signer.Signature.Span, hash);
    }

    public static byte[] Digest(HashAlgorithmName hash, ReadOnlySpan<byte> data)
    {
        if (hash == HashAlgorithmName.SHA1)
        {
#pragma warning disable CA5350 // Verifying legacy SHA-1 signatures is required to report them; nothing new is signed with SHA-1.
            return SHA1.HashData(data);
#pragma warning restore CA5350
        }

        return hash == HashAlgorithmName.SHA384 ? SHA384.HashData(data) : hash == HashAlgorithmName.SHA512 ? SHA512.HashData(data) : SHA256.HashData(data);
    }

    /// <summary>The DER INTEGER element holding a certificate's serial number, exactly as encoded.</summary>
    public static byte[] SerialNumberElement(ReadOnlyMemory<byte> certificateDer)
    {
        var certificate = new AsnReader(certificateDer, AsnEncodingRules.DER).ReadSequence();
        var tbs = certificate.ReadSequence();
        if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            tbs.ReadEncodedValue();
        }

        return tbs.ReadEncodedValue().ToArray();
    }

    private static bool VerifyWithKey(X509Certificate2 certificate, byte[] digest, ReadOnlySpan<byte> signature, HashAlgorithmName hash)
    {
        try
        {
            using var rsa = certificate.GetRSAPublicKey();
            if (rsa is not null)
            {
                return rsa.VerifyHash(digest, signature, hash, RSASignaturePadding.Pkcs1);
            }

            using var ecdsa = certificate.GetECDsaPublicKey();
            return ecdsa is not null && ecdsa.VerifyHash(digest, signature, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static void WriteAlgorithm(AsnWriter writer, string oid)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            writer.WriteNull();
        }
    }

    private static string ReadAlgorithm(AsnReader reader)
    {
        var algorithm = reader.ReadSequence();
        return algorithm.ReadObjectIdentifier();
    }

    private static CmsSignedData ReadSignedData(AsnReader signedData)
    {
        signedData.ReadInteger();
        var digestSet = signedData.ReadSetOf(skipSortOrderValidation: true);
        var digestAlgorithms = new List<string>();
        while (digestSet.HasData)
        {
            digestAlgorithms.Add(ReadAlgorithm(digestSet));
        }

        var encapsulated = signedData.ReadSequence();
        var contentType = encapsulated.ReadObjectIdentifier();
        ReadOnlyMemory<byte>? content = null;
        if (encapsulated.HasData)
        {
            var explicitContent = encapsulated.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
            if (explicitContent.PeekTag().HasSameClassAndValue(Asn1Tag.PrimitiveOctetString))
            {
                content = explicitContent.ReadOctetString();
            }
            else
            {
                var element = explicitContent.ReadEncodedValue();
                content = ContentsOf(element);
            }
        }

        var certificates = new List<ReadOnlyMemory<byte>>();
        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            var set = signedData.ReadSetOf(skipSortOrderValidation: true, new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
            while (set.HasData)
            {
                certificates.Add(set.ReadEncodedValue());
            }
        }

        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1)))
        {
            signedData.ReadEncodedValue();
        }

        var signerSet = signedData.ReadSetOf(skipSortOrderValidation: true);
        var signers = new List<CmsSignerInfo>();
        while (signerSet.HasData)
        {
            signers.Add(ReadSignerInfo(signerSet.ReadSequence()));
        }

        return new CmsSignedData(contentType, content, certificates, signers, digestAlgorithms);
    }

    private static CmsSignerInfo ReadSignerInfo(AsnReader signer)
    {
        signer.ReadInteger();
        ReadOnlyMemory<byte> issuer = default;
        ReadOnlyMemory<byte> serial = default;
        if (signer.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var issuerAndSerial = signer.ReadSequence();
            issuer = issuerAndSerial.ReadEncodedValue();
            serial = issuerAndSerial.ReadEncodedValue();
        }
        else
        {
            signer.ReadEncodedValue();
        }

        var digestAlgorithm = ReadAlgorithm(signer);
        ReadOnlyMemory<byte>? signedAttributes = null;
        ReadOnlyMemory<byte>? messageDigest = null;
        if (signer.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            var attributes = signer.ReadEncodedValue();
            signedAttributes = attributes;
            messageDigest = FindMessageDigest(attributes);
        }

        var signatureAlgorithm = ReadAlgorithm(signer);
        var signature = signer.ReadOctetString();
        return new CmsSignerInfo(issuer, serial, digestAlgorithm, signedAttributes, messageDigest, signatureAlgorithm, signature);
    }

    private static byte[]? FindMessageDigest(ReadOnlyMemory<byte> attributes)
    {
        var set = new AsnReader(attributes, AsnEncodingRules.BER).ReadSetOf(skipSortOrderValidation: true, new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
        while (set.HasData)
        {
            var attribute = set.ReadSequence();
            var type = attribute.ReadObjectIdentifier();
            var values = attribute.ReadSetOf(skipSortOrderValidation: true);
            if (type == MessageDigestAttribute)
            {
                return values.ReadOctetString();
            }
        }

        return null;
    }

    private static ReadOnlyMemory<byte> ContentsOf(ReadOnlyMemory<byte> element)
    {
        AsnDecoder.ReadEncodedValue(element.Span, AsnEncodingRules.BER, out var contentOffset, out var contentLength, out _);
        return element.Slice(contentOffset, contentLength);
    }
}
