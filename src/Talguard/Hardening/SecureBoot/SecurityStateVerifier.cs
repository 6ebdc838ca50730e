using System.Security.Cryptography.X509Certificates;
using System.Text;
using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Hardening.SecureBoot;

/// <summary>
/// Checks the SecurityState resource a node reports (<c>talosctl get securitystate -o yaml</c>, one document per
/// node): Secure Boot on, booted from the UKI, module signatures enforced, and the UKI signing key is ours.
/// Talos prints fingerprints as SHA-256 over the DER, upper-case hex pairs joined by ':'.
/// </summary>
public static class SecurityStateVerifier
{
    public static IReadOnlyList<Finding> Verify(string path, X509Certificate2? ukiCertificate)
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

        return VerifyText(path, text, ukiCertificate);
    }

    /// <summary>Parses <paramref name="text"/> as the resource YAML and checks it.</summary>
    public static IReadOnlyList<Finding> VerifyText(string path, string text, X509Certificate2? ukiCertificate)
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

        return Verify(file, ukiCertificate);
    }

    public static IReadOnlyList<Finding> Verify(SourceFile file, X509Certificate2? ukiCertificate)
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
            if (ukiCertificate is not null)
            {
                CompareFingerprint(findings, document, spec, node, ukiCertificate);
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

        var location = value is null ? Location.At(document, spec, YamlPath.Child(spec.Path, key)) : Location.At(document, value);
        findings.Add(new Finding(rule, rule.Severity, message, location));
    }

    private static void CompareFingerprint(List<Finding> findings, LocatedDocument document, YamlNode spec, string node, X509Certificate2 certificate)
    {
        var rule = SecureBootKeyRules.UkiKeyMismatch;
        var expected = CertificateFacts.Fingerprint(certificate.RawData);
        var value = spec["ukiSigningKeyFingerprint"];
        var reported = value?.AsString() ?? string.Empty;
        if (reported.Length == 0)
        {
            var location = value is null ? Location.At(document, spec, YamlPath.Child(spec.Path, "ukiSigningKeyFingerprint")) : Location.At(document, value);
            findings.Add(new Finding(rule, Severity.Info, node + $"ukiSigningKeyFingerprint is empty, so the UKI signing key cannot be compared with {expected} (recent Talos releases leave it unset; check the db instead)", location));
        }
        else if (CertificateFacts.NormalizeFingerprint(reported) != CertificateFacts.NormalizeFingerprint(expected))
        {
            findings.Add(new Finding(rule, rule.Severity, node + $"ukiSigningKeyFingerprint {reported} is not the certificate's {expected}", Location.At(document, value!)));
        }
    }
}
