using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Talguard.Benchmarks.Certificates;

/// <summary>
/// A directory of <c>count</c> PEM certificates: one ECDSA P-256 CA and leaves it signed, each in its own file, as
/// <c>talguard certs</c> meets a directory of exported client certificates. Serials and names are fixed; keys are fresh.
/// </summary>
public static class CertificateCorpus
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Write(string directory, int count)
    {
        Directory.CreateDirectory(directory);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=bench-ca, O=talos", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(Now.AddYears(-1), Now.AddYears(9));
        File.WriteAllText(Path.Combine(directory, "ca.pem"), ca.ExportCertificatePem() + "\n");
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = X509SignatureGenerator.CreateForECDsa(caKey);
        for (var i = 1; i < count; i++)
        {
            var request = new CertificateRequest($"CN=client-{i.ToString(CultureInfo.InvariantCulture)}, O=os:reader", leafKey, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
            // Every tenth certificate expires within the warning window, so findings are part of the work.
            var notAfter = i % 10 == 0 ? Now.AddDays(10) : Now.AddDays(300);
            using var leaf = request.Create(ca.SubjectName, signer, Now.AddDays(-60), notAfter, BitConverter.GetBytes(i + 1000));
            File.WriteAllText(Path.Combine(directory, $"client-{i:D5}.pem"), leaf.ExportCertificatePem() + "\n");
        }
    }
}
