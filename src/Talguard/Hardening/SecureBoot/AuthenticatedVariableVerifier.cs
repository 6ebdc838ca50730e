using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Talguard.Formats;

namespace Talguard.Hardening.SecureBoot;

/// <summary>How the signed payload was digested: once (UEFI, efitools, sbvarsign) or twice (some go-uefi versions hash before signing).</summary>
public enum PayloadHashing
{
    Single,
    Double,
}

/// <summary>The outcome of checking an .auth signature; <see cref="Signer"/> is set even when the signature fails.</summary>
public sealed record AuthVerification(
    bool Verified,
    string Reason,
    SecureBootVariable? Variable = null,
    uint Attributes = 0,
    PayloadHashing Hashing = PayloadHashing.Single,
    bool HasSignedAttributes = false,
    string DigestAlgorithm = "",
    X509Certificate2? Signer = null);

/// <summary>
/// Verifies an .auth offline. The variable name and attributes are not in the file, only in what was signed,
/// so every plausible (variable, attributes, hashing) combination is tried and the one that verifies is reported.
/// </summary>
public static class AuthenticatedVariableVerifier
{
    private static readonly uint[] AttributeCandidates = [SecureBootVariable.DefaultAttributes, SecureBootVariable.DefaultAttributes | SecureBootVariable.AppendWrite];

    /// <param name="hint">The variable the file name suggests; tried first.</param>
    /// <param name="trusted">When given, the signer must be one of these certificates (or its key must be).</param>
    internal static AuthVerification Verify(string file, AuthenticatedVariable update, SecureBootVariable? hint = null, IReadOnlyList<X509Certificate2>? trusted = null)
    {
        var signedData = CmsSignedData.Parse(file, update.Signature);
        if (signedData.Signers.Count == 0)
        {
            return new AuthVerification(false, "the PKCS#7 has no SignerInfo");
        }

        var signer = signedData.Signers[0];
        var named = CmsSignedData.FindSigner(signer, signedData.LoadCertificates());
        var checkTrust = trusted is { Count: > 0 };
        var certificate = checkTrust ? CmsSignedData.FindSigner(signer, trusted!) ?? MatchingKey(named, trusted!) : named;
        var digestName = CmsSignedData.DigestName(signer.DigestAlgorithm);
        var hasAttributes = signer.SignedAttributes is not null;
        if (certificate is null)
        {
            var reason = checkTrust ? "the signer is not one of the given certificates" : "the signer certificate is not included in the PKCS#7";
            return new AuthVerification(false, reason, HasSignedAttributes: hasAttributes, DigestAlgorithm: digestName, Signer: named);
        }

        if (CmsSignedData.HashFor(signer.DigestAlgorithm) is null)
        {
            return new AuthVerification(false, $"unsupported digest algorithm {signer.DigestAlgorithm}", Signer: certificate);
        }

        var variables = hint is null ? SecureBootVariable.All : [hint, .. SecureBootVariable.All.Where(v => v != hint)];
        foreach (var variable in variables)
        {
            foreach (var attributes in AttributeCandidates)
            {
                var payload = AuthenticatedVariable.SigningPayload(variable.Name, variable.Vendor, attributes, update.Timestamp, update.Content);
                if (CmsSignedData.VerifySignature(signer, certificate, payload))
                {
                    return new AuthVerification(true, "signature verified", variable, attributes, PayloadHashing.Single, hasAttributes, digestName, certificate);
                }

                if (CmsSignedData.VerifySignature(signer, certificate, SHA256.HashData(payload)))
                {
                    return new AuthVerification(true, "signature verified over SHA-256(payload) (double hashing)", variable, attributes, PayloadHashing.Double, hasAttributes, digestName, certificate);
                }
            }
        }

        return new AuthVerification(false, "the signature does not match the content for PK, KEK, db or dbx (tampered, or signed for another variable)", HasSignedAttributes: hasAttributes, DigestAlgorithm: digestName, Signer: certificate);
    }

    private static X509Certificate2? MatchingKey(X509Certificate2? named, IReadOnlyList<X509Certificate2> trusted) =>
        named is null ? null : trusted.FirstOrDefault(t => t.PublicKey.EncodedKeyValue.RawData.AsSpan().SequenceEqual(named.PublicKey.EncodedKeyValue.RawData));
}
