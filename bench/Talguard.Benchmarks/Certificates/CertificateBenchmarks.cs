using BenchmarkDotNet.Attributes;
using Talguard.Findings;
using Talguard.Services;

namespace Talguard.Benchmarks.Certificates;

/// <summary>
/// <c>talguard certs DIR</c> as the CLI runs it over 10,000 PEM certificates on disk: listing, strict decoding, the
/// inventory, every chain checked against the CA among them, and the CERT rules. Certificates per second is
/// <see cref="Count"/> divided by the mean.
/// </summary>
[MemoryDiagnoser]
public class CertificateBenchmarks
{
    public const int Count = 10_000;

    private string _directory = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "talguard-certs-bench-" + Environment.ProcessId);
        CertificateCorpus.Write(_directory, Count);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark]
    public int InventoryAndChains() =>
        CertificatesService.Run(new CertificatesRequest { Paths = [_directory], Options = new ScanOptions { Now = CertificateCorpus.Now } }).Certificates.Count;
}
