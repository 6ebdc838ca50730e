using System.Text;
using Talguard.Findings;
using Talguard.Model;
using Talguard.Reports;
using Talguard.Services;
using Talguard.Tests.Support;

namespace Talguard.Tests.Findings;

/// <summary>Rules of one scan run side by side; what comes out must not show it.</summary>
public class ScannerTests
{
    private const string Config = "version: v1alpha1\nmachine:\n  type: worker\n";

    [Fact]
    public void A_failing_rule_surfaces_as_its_own_exception_and_the_first_in_catalog_order_wins()
    {
        var model = Yaml.Model(("node.yaml", Config));
        Rule[] rules = [new Reporting("TG-CONF-901"), new Failing("first"), new Reporting("TG-CONF-902"), new Failing("second")];

        var error = Assert.Throws<InputException>(() => Scanner.Scan(model, new ScanOptions(), rules));
        Assert.Equal("first", error.Message);
    }

    [Fact]
    public void Shared_data_is_built_once_however_many_rules_ask_at_once()
    {
        var model = Yaml.Model(("node.yaml", Config));
        var counter = new Counter();
        Rule[] rules = [.. Enumerable.Range(0, 64).Select(_ => new SharedReader(counter))];

        Scanner.Scan(model, new ScanOptions(), rules);
        Assert.Equal(1, counter.Builds);
    }

    [Fact]
    public void Scans_running_at_once_in_one_process_all_complete_alike()
    {
        var examples = Path.Combine(SharedData.RepositoryRoot, "examples");
        var expected = ScanService.Run(new ScanRequest { Paths = [examples] }).Report.Findings.Count;

        var counts = new int[8];
        Parallel.For(0, counts.Length, i => counts[i] = ScanService.Run(new ScanRequest { Paths = [examples] }).Report.Findings.Count);

        Assert.All(counts, count => Assert.Equal(expected, count));
    }

    [Fact]
    public void Reports_are_byte_identical_with_one_or_four_rules_at_once()
    {
        var examples = Path.Combine(SharedData.RepositoryRoot, "examples");
        var now = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        string Render(int degree, IReportWriter writer)
        {
            var report = ScanService.Run(new ScanRequest { Paths = [examples], Options = new ScanOptions { Now = now }, MaxDegreeOfParallelism = degree }).Report;
            using var stream = new MemoryStream();
            writer.Write(report, stream);
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        var json = Render(1, new JsonReportWriter());
        Assert.Contains("\"ruleId\"", json, StringComparison.Ordinal);
        Assert.Equal(json, Render(4, new JsonReportWriter()));
        Assert.Equal(Render(1, new SarifReportWriter()), Render(4, new SarifReportWriter()));
    }

    [Fact]
    public void The_host_chooses_the_scan_region_and_it_spans_the_scan_with_the_input_size()
    {
        var examples = Path.Combine(SharedData.RepositoryRoot, "examples");
        var region = new RecordingRegion();
        var result = ScanService.Run(new ScanRequest { Paths = [examples], ScanRegion = region.Enter });

        Assert.True(region.InputBytes > 0);
        Assert.True(region.Disposed);
        Assert.NotEmpty(result.Report.Findings);
    }

    private sealed class RecordingRegion : IDisposable
    {
        public long InputBytes { get; private set; }

        public bool Disposed { get; private set; }

        public IDisposable Enter(long inputBytes)
        {
            InputBytes = inputBytes;
            return this;
        }

        public void Dispose() => Disposed = true;
    }

    private sealed class Counter
    {
        private int _builds;

        public int Builds => _builds;

        public Built Build()
        {
            Interlocked.Increment(ref _builds);
            Thread.Sleep(20);
            return new Built();
        }
    }

    private sealed class Built;

    private sealed class SharedReader(Counter counter) : Rule
    {
        public override RuleDescriptor Descriptor { get; } = Descriptor("TG-CONF-903");

        public override void Check(ScanContext context) => context.Shared(_ => counter.Build());
    }

    private sealed class Reporting(string id) : Rule
    {
        public override RuleDescriptor Descriptor { get; } = Descriptor(id);

        public override void Check(ScanContext context)
        {
            var document = context.Model.Files[0].Documents[0];
            context.Report(Descriptor, document, document.Root!, "reported");
        }
    }

    private sealed class Failing(string message) : Rule
    {
        public override RuleDescriptor Descriptor { get; } = Descriptor("TG-CONF-904");

        public override void Check(ScanContext context)
        {
            Thread.Sleep(message == "first" ? 50 : 0);
            throw new InputException("node.yaml", message);
        }
    }

    private static RuleDescriptor Descriptor(string id) =>
        RuleDescriptor.Create(id, Severity.Low, Section.Config, "test rule", "why", "fix");
}
