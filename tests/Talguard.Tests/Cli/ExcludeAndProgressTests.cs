using Talguard.Services;

namespace Talguard.Tests.Cli;

/// <summary><c>--exclude GLOB</c> of directory scans, and the progress the engine reports while it loads and scans.</summary>
public sealed class ExcludeAndProgressTests : IDisposable
{
    private const string Config = "version: v1alpha1\nmachine:\n  type: worker\n";
    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-exclude-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(new[] { "charts" }, new[] { "clusters/prod/worker.yaml", "clusters/staging/worker.yaml", "worker.yaml" })]
    [InlineData(new[] { "charts/**" }, new[] { "clusters/prod/worker.yaml", "clusters/staging/worker.yaml", "worker.yaml" })]
    [InlineData(new[] { "clusters/*/worker.yaml" }, new[] { "charts/app/worker.yaml", "worker.yaml" })]
    [InlineData(new[] { "./clusters/staging" }, new[] { "charts/app/worker.yaml", "clusters/prod/worker.yaml", "worker.yaml" })]
    [InlineData(new[] { "*.yaml" }, new string[0])]
    [InlineData(new[] { "worker.yaml" }, new string[0])]
    [InlineData(new[] { "/worker.yaml" }, new[] { "charts/app/worker.yaml", "clusters/prod/worker.yaml", "clusters/staging/worker.yaml", "worker.yaml" })]
    [InlineData(new[] { "charts", "clusters/prod" }, new[] { "clusters/staging/worker.yaml", "worker.yaml" })]
    public void Exclude_matches_paths_relative_to_the_scanned_directory_and_names_at_any_depth(string[] globs, string[] expected)
    {
        foreach (var file in new[] { "worker.yaml", "charts/app/worker.yaml", "clusters/prod/worker.yaml", "clusters/staging/worker.yaml" })
        {
            Write(file, Config);
        }

        var request = new ScanRequest { Paths = [_directory], Exclude = Talguard.Cli.Commands.ScanCommand.ExcludeGlobs(globs) };
        if (expected.Length == 0)
        {
            Assert.Throws<Talguard.Model.InputException>(() => ScanService.Run(request));
            return;
        }

        var scanned = ScanService.Run(request).Report.Files.Select(f => Path.GetRelativePath(_directory, f).Replace('\\', '/'));
        Assert.Equal(expected, scanned);
    }

    [Fact]
    public void Exclude_on_the_command_line_skips_files_in_scan_and_pss()
    {
        Write("keep/worker.yaml", Config);
        Write("vendor/broken.yaml", "a: [\n");

        Assert.Equal(2, Support.Cli.Run("scan", _directory, "--format", "json").ExitCode);
        var scan = Support.Cli.Run("scan", _directory, "--exclude", "vendor", "--format", "json", "--fail-on", "none");
        Assert.Equal(0, scan.ExitCode);
        Assert.DoesNotContain("vendor", scan.Stdout, StringComparison.Ordinal);

        Write("keep/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n");
        var pss = Support.Cli.Run("pss", _directory, "--exclude", "vendor/**", "--format", "json", "--fail-on", "none");
        Assert.Equal(0, pss.ExitCode);
        Assert.DoesNotContain("vendor", pss.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_named_on_the_command_line_is_read_even_when_excluded()
    {
        var file = Write("worker.yaml", Config);

        var outcome = Support.Cli.Run("scan", file, "--exclude", "*.yaml", "--format", "json", "--fail-on", "none");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("worker.yaml", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_exclude_glob_is_a_usage_error()
    {
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("scan", "examples", "--exclude", ""), "--exclude: '' is not a path glob");
    }

    [Fact]
    public void A_scan_reports_every_file_loaded_then_the_scan()
    {
        for (var i = 0; i < 30; i++)
        {
            Write($"nodes/node-{i:D2}.yaml", Config);
        }

        var reports = new Recorder<ScanProgress>();
        ScanService.Run(new ScanRequest { Paths = [_directory], Progress = reports });

        var loading = reports.Values.Where(p => p.Stage == ScanStage.Loading).ToList();
        Assert.Equal(new ScanProgress(ScanStage.Loading, 0, 30), loading[0]);
        Assert.Equal(31, loading.Count);
        Assert.Equal(Enumerable.Range(0, 31), loading.Select(p => p.Done).Order());
        Assert.All(loading, p => Assert.Equal(30, p.Total));
        Assert.Equal([new ScanProgress(ScanStage.Scanning, 0, 30), new ScanProgress(ScanStage.Scanning, 30, 30)], reports.Values.Where(p => p.Stage == ScanStage.Scanning));
        Assert.Equal(ScanStage.Scanning, reports.Values[^1].Stage);
    }

    [Fact]
    public void Pss_reports_every_file_loaded()
    {
        Write("a.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - name: c\n    image: nginx\n");
        Write("b.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  containers:\n  - name: c\n    image: nginx\n");
        var reports = new Recorder<ScanProgress>();

        PodSecurityService.Run(new PodSecurityRequest { Paths = [_directory], Progress = reports });

        Assert.Equal([0, 1, 2], reports.Values.Select(p => p.Done).Order());
        Assert.All(reports.Values, p => Assert.Equal(new ScanProgress(ScanStage.Loading, p.Done, 2), p));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_snapshot_read_reports_bytes_up_to_its_size(bool verifyTrailer)
    {
        var snapshot = Support.SharedData.Require("vectors/etcd/snap-large.db");
        var size = new FileInfo(snapshot).Length;
        var reports = new Recorder<SnapshotProgress>();

        using (EtcdService.Check(new EtcdCheckRequest(snapshot) { VerifyTrailer = verifyTrailer, Progress = reports }))
        {
        }

        Assert.Equal(new SnapshotProgress(0, size), reports.Values[0]);
        Assert.Equal(new SnapshotProgress(size, size), reports.Values[^1]);
        Assert.Equal(reports.Values.Select(p => p.BytesRead).Order(), reports.Values.Select(p => p.BytesRead));
        Assert.Equal(verifyTrailer ? 3 : 2, reports.Values.Count);
    }

    [Fact]
    public void Status_reports_the_snapshot_read_too()
    {
        var snapshot = Support.SharedData.Require("vectors/etcd/snap.db");
        var reports = new Recorder<SnapshotProgress>();

        EtcdService.Status(new EtcdStatusRequest(snapshot) { Progress = reports });

        var size = new FileInfo(snapshot).Length;
        Assert.Equal(new SnapshotProgress(size, size), reports.Values[^1]);
    }

    /// <summary>A captured standard error is not a terminal: a long scan prints no bar there, in process or as a process of its own.</summary>
    [Fact]
    public void No_progress_is_drawn_when_standard_error_is_not_a_terminal()
    {
        for (var i = 0; i < Talguard.Cli.Commands.ProgressDisplay.MinFiles + 10; i++)
        {
            Write($"nodes/node-{i:D3}.yaml", Config);
        }

        Assert.Equal(string.Empty, Support.Cli.Run("scan", _directory, "--format", "json", "--fail-on", "none").Stderr);
        var json = Support.Cli.RunProcess(_directory, string.Empty, TimeSpan.FromSeconds(60), "scan", ".", "--format", "json", "--fail-on", "none");
        Assert.Equal(0, json.ExitCode);
        Assert.Equal(string.Empty, json.Stderr);
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Keeps every report, from whichever thread, in the order they arrive.</summary>
    private sealed class Recorder<T> : IProgress<T>
    {
        private readonly Lock _gate = new();
        private readonly List<T> _values = [];

        public IReadOnlyList<T> Values
        {
            get
            {
                lock (_gate)
                {
                    return [.. _values];
                }
            }
        }

        public void Report(T value)
        {
            lock (_gate)
            {
                _values.Add(value);
            }
        }
    }
}
