using System.Diagnostics;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.SecureBoot;

/// <summary>Paths of the shared Secure Boot vectors, external tools and throwaway directories for these tests.</summary>
internal static class SecureBootFixtures
{
    public const string Timestamp = "2024-01-02 03:04:05";

    public static string Vector(string relative) => SharedData.Require(Path.Combine("vectors", "secureboot", relative));

    public static byte[] VectorBytes(string relative) => File.ReadAllBytes(Vector(relative));

    public static X509Certificate2 VectorCertificate(string name) => X509CertificateLoader.LoadCertificateFromFile(Vector($"keys/{name}.der"));

    public static RSA VectorKey(string name)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(Vector($"keys/{name}.key")));
        return rsa;
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "talguard-sb-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public sealed record ToolResult(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs an external tool (already required with SharedData.RequireTool) and waits for it.</summary>
    public static ToolResult Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new ToolResult(process.ExitCode, stdout.Result, stderr);
    }

    /// <summary>Wraps a bare SignedData in ContentInfo{signedData} so <c>openssl cms</c> can read it.</summary>
    public static byte[] WrapInContentInfo(byte[] signedData)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier("1.2.840.113549.1.7.2");
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                writer.WriteEncodedValue(signedData);
            }
        }

        return writer.Encode();
    }

    /// <summary>A self-signed certificate with chosen weaknesses, for finding tests.</summary>
    public static X509Certificate2 Certificate(string subject, int keySize = 2048, HashAlgorithmName? hash = null, DateTimeOffset? notAfter = null)
    {
        using var rsa = RSA.Create(keySize);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var end = notAfter ?? DateTimeOffset.UtcNow.AddYears(5);
        if (hash == HashAlgorithmName.SHA1)
        {
            return request.Create(request.SubjectName, new Sha1RsaSignatureGenerator(rsa), end.AddYears(-10), end, [0x01, 0x02]);
        }

        return request.CreateSelfSigned(end.AddYears(-10), end);
    }

    /// <summary>.NET refuses to issue SHA-1 certificates; firmware still meets them, so tests build one by hand.</summary>
    private sealed class Sha1RsaSignatureGenerator(RSA key) : X509SignatureGenerator
    {
        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("1.2.840.113549.1.1.5");
                writer.WriteNull();
            }

            return writer.Encode();
        }

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => key.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);

        protected override PublicKey BuildPublicKey() => PublicKey.CreateFromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
    }
}
