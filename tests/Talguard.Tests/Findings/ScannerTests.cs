using Talguard.Findings;
using Talguard.Model;
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
        var expected = Scanner.ScanPaths([examples], new ScanOptions()).Findings.Count;

        var counts = new int[8];
        Parallel.For(0, counts.Length, i => counts[i] = Scanner.ScanPaths([examples], new ScanOptions()).Findings.Count);

        Assert.All(counts, count => Assert.Equal(expected, count));
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
