using System.Security.Cryptography.X509Certificates;
using System.Text;
using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Hardening.SecureBoot;

/// <summary>
/// Checks the SecurityState resource a node reports (<c>talosctl get securitystate -o yaml</c>, one document per
/// node): Secure Boot on, booted from the UKI, module signatures enforced, and the UKI signing key is ours.
/// Talos prints fingerprints as SHA-256 over the DER (the UKI certificate; the PCR public key's
/// SubjectPublicKeyInfo), upper-case hex pairs joined by ':'.
/// </summary>
public static class SecurityStateVerifier
{
    public static IReadOnlyList<Finding> Verify(string path, SecurityStateExpectations expected)
    {
        byte[] bytes = KeyMaterial.Read(path);
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new InputException(path, "not UTF-8 text (expected the output of talosctl get securitystate -o yaml)");
        }

        return VerifyText(path, text, expected);
    }

    /// <summary>Parses <paramref name="text"/> as the resource YAML and checks it.</summary>
    public static IReadOnlyList<Finding> VerifyText(string path, string text, SecurityStateExpectations expected)
    {
        SourceFile file;
        try
        {
            file = InputLoader.Parse(path, Path.GetFullPath(path), text);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this on some malformed plain scalars instead of a YamlException.
            throw new InputException(path, "not valid YAML");
        }

        return Verify(file, expected);
    }

    public static IReadOnlyList<Finding> Verify(SourceFile file, SecurityStateExpectations expected)
    {
        var findings = new List<Finding>();
        var states = file.Documents.Where(d => d.At("spec") is { IsMapping: true }).ToList();
        if (states.Count == 0)
        {
            throw new InputException(file.DisplayPath, "no document with a spec mapping (expected the output of talosctl get securitystate -o yaml)");
        }

        foreach (var document in states)
        {
            var spec = document.At("spec")!;
            var node = document.At("node")?.AsString() is { Length: > 0 } name ? $"node {name}: " : string.Empty;
            var state = new SecurityStateFacts(
                node, Field(document, spec, "secureBoot"), Field(document, spec, "bootedWithUKI"), Field(document, spec, "moduleSignatureEnforced"),
                Field(document, spec, "ukiSigningKeyFingerprint"), Field(document, spec, "pcrSigningKeyFingerprint"), expected);
            findings.AddRange(SecureBootKeyRules.StateRules.SelectMany(r => r.Check(state)));
        }

        return findings;
    }

    private static SecurityStateField Field(LocatedDocument document, YamlNode spec, string key)
    {
        var value = spec[key];
        return new SecurityStateField(At(document, spec, value, key), value?.AsString() ?? string.Empty, value?.AsBool());
    }

    private static Location At(LocatedDocument document, YamlNode spec, YamlNode? value, string key) =>
        value is null ? Location.At(document, spec, YamlPath.Child(spec.Path, key)) : Location.At(document, value);
}

/// <summary>What the nodes should report: fingerprints as Talos prints them; null = do not compare.</summary>
public sealed record SecurityStateExpectations(string? UkiCertificateFingerprint = null, string? PcrKeyFingerprint = null)
{
    public static SecurityStateExpectations From(X509Certificate2? ukiCertificate, byte[]? pcrPublicKeyInfo) => new(
        ukiCertificate is null ? null : CertificateFacts.Fingerprint(ukiCertificate.RawData),
        pcrPublicKeyInfo is null ? null : CertificateFacts.Fingerprint(pcrPublicKeyInfo));
}
