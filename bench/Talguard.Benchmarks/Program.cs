using System.Globalization;
using BenchmarkDotNet.Running;
using Talguard.Benchmarks;

if (args is ["--pss-cpu-time", var count])
{
    PodSecurityCpuTime.Run(int.Parse(count, CultureInfo.InvariantCulture), Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
