using System.Text.RegularExpressions;
using Talguard.Findings;
using Talguard.Tests.Support;

namespace Talguard.Tests.Samples;

/// <summary>
/// A rule is not done until it has samples, a controls decision, declared inputs and its docs entry; and rules
/// read Talos settings through the typed views only, so a setting is judged the same wherever it is written.
/// </summary>
public sealed partial class CatalogCompletenessTests
{
    [Fact]
    public void Every_rule_has_samples_that_fire_and_pass()
    {
        var missing = RuleCatalog.Descriptors.Where(d => !HasSamples(d.Id)).Select(d => d.Id).ToList();
        Assert.True(missing.Count == 0, "rules without a Samples/<ID>/ folder holding at least one fire* and one pass* input: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_rule_declares_its_inputs_and_a_controls_decision()
    {
        var noInputs = RuleCatalog.Descriptors.Where(d => d.Inputs == RuleInputs.None).Select(d => d.Id).ToList();
        Assert.True(noInputs.Count == 0, "rules that declare no input: " + string.Join(", ", noInputs));
        var undecided = RuleCatalog.Descriptors.Where(d => !d.Controls.IsDecided).Select(d => d.Id).ToList();
        Assert.True(undecided.Count == 0, "rules with neither controls nor RuleControls.None(reason): " + string.Join(", ", undecided));
    }

    [Fact]
    public void Every_rule_has_its_docs_entry()
    {
        var rules = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "docs", "rules.md"));
        var missing = RuleCatalog.Descriptors.Where(d => !rules.Contains($"<a id=\"{d.Anchor}\"></a>", StringComparison.Ordinal)).Select(d => d.Id).ToList();
        Assert.True(missing.Count == 0, "rules without an entry in docs/rules.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void Rules_read_talos_settings_through_views_only()
    {
        var hardening = Path.Combine(SharedData.RepositoryRoot, "src", "Talguard", "Hardening");
        var raw = Directory.EnumerateFiles(hardening, "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, index)))
            .Where(l => RawTalosPath().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(hardening, l.file)}:{l.index + 1}: {l.line.Trim()}")
            .ToList();
        Assert.True(raw.Count == 0, "rules reading raw Talos paths instead of a view in Model/Talos:\n" + string.Join("\n", raw));
    }

    private static bool HasSamples(string id)
    {
        var folder = Path.Combine(RuleSampleTests.Root, id);
        if (!Directory.Exists(folder))
        {
            return false;
        }

        var names = Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).ToList();
        return names.Any(n => n!.StartsWith("fire", StringComparison.Ordinal)) && names.Any(n => n!.StartsWith("pass", StringComparison.Ordinal));
    }

    [GeneratedRegex("""(\.At\(\s*"(machine|cluster)"|\[\s*"(machine|cluster)"\s*\]|MachineConfig[!?]?\s*\.At\()""")]
    private static partial Regex RawTalosPath();
}
