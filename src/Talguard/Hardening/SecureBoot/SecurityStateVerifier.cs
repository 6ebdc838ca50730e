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
            RequireTrue(findings, document, spec, "secureBoot", SecureBootKeyRules.SecureBootOff, node + "secureBoot is not true (firmware Secure Boot off, or in setup mode)");
            RequireTrue(findings, document, spec, "bootedWithUKI", SecureBootKeyRules.NotBootedFromUki, node + "bootedWithUKI is not true (booted through GRUB or a non-Talos loader entry)");
            RequireTrue(findings, document, spec, "moduleSignatureEnforced", SecureBootKeyRules.ModuleSignaturesNotEnforced, node + "moduleSignatureEnforced is not true (module.sig_enforce=1 missing from the kernel command line)");
            if (expected.UkiCertificateFingerprint is { } uki)
            {
                CompareUkiFingerprint(findings, document, spec, node, uki);
            }

            if (expected.PcrKeyFingerprint is { } pcr)
            {
                ComparePcrFingerprint(findings, document, spec, node, pcr);
            }
        }

        return findings;
    }

    private static void RequireTrue(List<Finding> findings, LocatedDocument document, YamlNode spec, string key, RuleDescriptor rule, string message)
    {
        var value = spec[key];
        if (value?.AsBool() == true)
        {
            return;
        }

        findings.Add(new Finding(rule, rule.Severity, message, At(document, spec, value, key)));
    }

    private static void CompareUkiFingerprint(List<Finding> findings, LocatedDocument document, YamlNode spec, string node, string expected)
    {
        var rule = SecureBootKeyRules.UkiKeyMismatch;
        var (value, reported) = Field(spec, "ukiSigningKeyFingerprint");
        if (reported.Length == 0)
        {
            findings.Add(new Finding(rule, Severity.Info, node + $"ukiSigningKeyFingerprint is empty, so the UKI signing key cannot be compared with {expected} (recent Talos releases leave it unset; check the db instead)", At(document, spec, value, "ukiSigningKeyFingerprint")));
        }
        else if (CertificateFacts.NormalizeFingerprint(reported) != CertificateFacts.NormalizeFingerprint(expected))
        {
            findings.Add(new Finding(rule, rule.Severity, node + $"ukiSigningKeyFingerprint {reported} is not the certificate's {expected}", At(document, spec, value, "ukiSigningKeyFingerprint")));
        }
    }

    private static void ComparePcrFingerprint(List<Finding> findings, LocatedDocument document, YamlNode spec, string node, string expected)
    {
        var rule = SecureBootKeyRules.PcrKeyMismatch;
        var (value, reported) = Field(spec, "pcrSigningKeyFingerprint");
        if (reported.Length == 0)
        {
            findings.Add(new Finding(rule, rule.Severity, node + "pcrSigningKeyFingerprint is empty: the booted image carries no PCR public key, so disk encryption cannot use a signed PCR policy", At(document, spec, value, "pcrSigningKeyFingerprint")));
        }
        else if (CertificateFacts.NormalizeFingerprint(reported) != CertificateFacts.NormalizeFingerprint(expected))
        {
            findings.Add(new Finding(rule, rule.Severity, node + $"pcrSigningKeyFingerprint {reported} is not the key's {expected}", At(document, spec, value, "pcrSigningKeyFingerprint")));
        }
    }

    private static (YamlNode? Node, string Text) Field(YamlNode spec, string key) => (spec[key], spec[key]?.AsString() ?? string.Empty);

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
