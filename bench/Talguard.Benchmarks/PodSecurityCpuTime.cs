using System.Diagnostics;
using System.Globalization;
using Talguard.Hardening.PodSecurity;
using Talguard.Model;

namespace Talguard.Benchmarks;

/// <summary>
/// <c>--pss-cpu-time N</c>: restricted evaluation of N generated pods, timed by the process's CPU time
/// rather than the wall clock, so the single-core rate can be read on a machine shared with other work.
/// </summary>
public static class PodSecurityCpuTime
{
    public static void Run(int pods, TextWriter output)
    {
        var corpus = InputLoader.Parse("corpus.yaml", null, PodCorpus.Generate(pods)).Documents.Select(d => d.Root!).ToList();
        var target = new LevelVersion(PodSecurityLevel.Restricted, PolicyVersion.Latest);
        using var process = Process.GetCurrentProcess();
        for (var round = 0; round < 5; round++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var denied = 0;
            foreach (var pod in corpus)
            {
                if (!PodSecurityEvaluator.Default.Evaluate(target, PodViewReader.Read(pod, pod["metadata"], pod["spec"])).Allowed)
                {
                    denied++;
                }
            }

            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            var perPod = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)pods;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: {pods} pods ({denied} denied) in {cpu.TotalMilliseconds:F0} ms CPU = {pods / cpu.TotalSeconds:F0} pods/CPU-s, {perPod:F0} B allocated per pod"));
        }
    }
}
