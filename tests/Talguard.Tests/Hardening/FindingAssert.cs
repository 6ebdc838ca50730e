using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos.Patching;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening;

/// <summary>Assertions on where and how severe a rule's findings are.</summary>
internal static class FindingAssert
{
    /// <summary>Asserts exactly one finding and its place; returns it for further checks.</summary>
    public static Finding Single(IReadOnlyList<Finding> findings, string path, int line, Severity severity, int document = 0)
    {
        var finding = Assert.Single(findings);
        At(finding, path, line, severity, document);
        return finding;
    }

    public static void At(Finding finding, string path, int line, Severity severity, int document = 0)
    {
        Assert.Equal(path, finding.Location.Path);
        Assert.Equal(line, finding.Location.Line);
        Assert.Equal(severity, finding.Severity);
        Assert.Equal(document, finding.Location.Document);
    }

    /// <summary>Applies the finding's patch to <paramref name="config"/> and asserts the rule no longer fires.</summary>
    public static void PatchFixes(Rule rule, Finding finding, string config, ScanOptions? options = null)
    {
        Assert.NotNull(finding.Patch);
        foreach (var document in Yaml.File("patch.yaml", finding.Patch).Documents)
        {
            Assert.True(document.IsTalos || document.Class == DocumentClass.Unknown, $"patch document {document.Index} is not a Talos document");
        }

        var patched = TalosPatchApplier.Merge(Yaml.File("config.yaml", config), TalosPatchReader.Read("patch.yaml", finding.Patch));
        Assert.Empty(Yaml.Check(rule, options, ("patched.yaml", patched)));
    }
}
