using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Talguard.Formats;
using Talguard.Model;

namespace Talguard.Hardening.SecureBoot;

/// <summary>One Authenticode signature of a PE image and what was checked about it.</summary>
public sealed record AuthenticodeSignature(
    int Index,
    string DigestAlgorithm,
    byte[] SignedDigest,
    byte[] ImageDigest,
    bool SignatureValid,
    X509Certificate2? Signer,
    bool? Trusted,
    string Reason)
{
    public bool DigestMatches => SignedDigest.AsSpan().SequenceEqual(ImageDigest);

    /// <summary>Valid, matches the image and (when certificates were given) chains to one of them.</summary>
    public bool Verified => DigestMatches && SignatureValid && Trusted != false;
}

/// <summary>
/// Verifies Authenticode (PKCS#7 SignedData with SPC_INDIRECT_DATA content) the way sbverify does: the signed
/// digest equals the image digest, the signer's signature is valid, and the signer is the given certificate
/// or is issued by it (through the intermediates carried in the signature).
/// </summary>
public static class AuthenticodeVerifier
{
    public const string SpcIndirectData = "1.3.6.1.4.1.311.2.1.4";
    private const int MaxChainDepth = 4;

    internal static IReadOnlyList<AuthenticodeSignature> Verify(string file, PeImage image, IReadOnlyList<X509Certificate2> trusted)
    {
        var results = new List<AuthenticodeSignature>();
        for (var i = 0; i < image.Certificates.Count; i++)
        {
            var entry = image.Certificates[i];
            if (entry.Type != PeImage.PkcsSignedData)
            {
                results.Add(new AuthenticodeSignature(i, string.Empty, [], [], false, null, null, $"WIN_CERTIFICATE type 0x{entry.Type:X4} is not PKCS#7 SignedData"));
                continue;
            }

            results.Add(VerifyOne(file, image, i, entry, trusted));
        }

        return results;
    }

    private static AuthenticodeSignature VerifyOne(string file, PeImage image, int index, PeCertificate entry, IReadOnlyList<X509Certificate2> trusted)
    {
        var signedData = CmsSignedData.Parse(file, entry.Data);
        if (signedData.ContentType != SpcIndirectData || signedData.Content is not { } content || signedData.Signers.Count == 0)
        {
            return new AuthenticodeSignature(index, string.Empty, [], [], false, null, null, "the PKCS#7 is not an Authenticode signature (no SPC_INDIRECT_DATA content or no signer)");
        }

        var (digestOid, signedDigest) = ReadIndirectData(file, content);
        if (CmsSignedData.HashFor(digestOid) is not { } hash)
        {
            return new AuthenticodeSignature(index, digestOid, signedDigest, [], false, null, null, $"unsupported digest algorithm {digestOid}");
        }

        var imageDigest = image.AuthenticodeDigest(hash);
        var embedded = signedData.LoadCertificates().ToList();
        var signer = CmsSignedData.FindSigner(signedData.Signers[0], embedded) ?? CmsSignedData.FindSigner(signedData.Signers[0], trusted);
        var valid = signer is not null && CmsSignedData.VerifySignature(signedData.Signers[0], signer, content.Span);
        bool? isTrusted = trusted.Count == 0 ? null : signer is not null && ChainsTo(signer, embedded, trusted);
        var reason = !signedDigest.AsSpan().SequenceEqual(imageDigest) ? "image fails hash check (the file changed after signing)"
            : signer is null ? "the signer certificate is not in the signature"
            : !valid ? "the PKCS#7 signature does not verify"
            : isTrusted == false ? "the signer does not chain to the given certificate"
            : "signature verified";
        return new AuthenticodeSignature(index, hash.Name ?? digestOid, signedDigest, imageDigest, valid, signer, isTrusted, reason);
    }

    /// <summary>SpcIndirectDataContent ::= SEQUENCE { data SpcAttributeTypeAndOptionalValue, messageDigest DigestInfo }; <paramref name="content"/> is its value.</summary>
    private static (string DigestOid, byte[] Digest) ReadIndirectData(string file, ReadOnlyMemory<byte> content)
    {
        try
        {
            var reader = new AsnReader(content, AsnEncodingRules.BER);
            reader.ReadSequence();
            var digestInfo = reader.ReadSequence();
            var algorithm = digestInfo.ReadSequence().ReadObjectIdentifier();
            return (algorithm, digestInfo.ReadOctetString());
        }
        catch (AsnContentException ex)
        {
            throw new InputException(file, "Authenticode SpcIndirectDataContent is not valid DER: " + ex.Message);
        }
    }

    private static bool ChainsTo(X509Certificate2 signer, List<X509Certificate2> intermediates, IReadOnlyList<X509Certificate2> trusted)
    {
        var current = signer;
        for (var depth = 0; depth < MaxChainDepth; depth++)
        {
            if (trusted.Any(t => CertificateFacts.SameKey(t, current) || CertificateFacts.IsSignedBy(current, t)))
            {
                return true;
            }

            var parent = intermediates.FirstOrDefault(c => !ReferenceEquals(c, current) && c.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData) && CertificateFacts.IsSignedBy(current, c));
            if (parent is null || CertificateFacts.SameKey(parent, current))
            {
                return false;
            }

            current = parent;
        }

        return false;
    }
}
