using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Talguard.Benchmarks.Scanning.ScanBenchmarks).Assembly).Run(args);
