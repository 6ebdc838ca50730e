using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Tests.Support;

/// <summary>Builds models and runs rules over YAML written inline in a test.</summary>
public static class Yaml
{
    public static SourceFile File(string name, string text) => InputLoader.Parse(name, null, text);

    public static ClusterModel Model(params (string Name, string Text)[] files) =>
        new([.. files.Select(f => File(f.Name, f.Text))]);

    /// <summary>Runs one rule over the given files and returns its findings.</summary>
    public static IReadOnlyList<Finding> Check(Rule rule, ScanOptions? options, params (string Name, string Text)[] files)
    {
        var scanOptions = options ?? new ScanOptions();
        var model = new ClusterModel([.. files.Select(f => File(f.Name, f.Text))], scanOptions.Targets);
        return Scanner.Scan(model, scanOptions, [rule]).Findings;
    }

    public static IReadOnlyList<Finding> Check(Rule rule, params (string Name, string Text)[] files) => Check(rule, null, files);
}
