using System.Globalization;
using BenchmarkDotNet.Running;
using Talguard.Benchmarks;

if (args is ["--pss-cpu-time", var count])
{
    PodSecurityCpuTime.Run(int.Parse(count, CultureInfo.InvariantCulture), Console.Out);
    return;
}

if (args is ["--write-certs", var directory, var certificates])
{
    // The corpus of the whole-process measurement in docs/performance.md (Certificates).
    Talguard.Benchmarks.Certificates.CertificateCorpus.Write(directory, int.Parse(certificates, CultureInfo.InvariantCulture));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
