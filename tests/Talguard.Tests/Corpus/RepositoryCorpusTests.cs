using System.Text.Json;
using System.Text.RegularExpressions;
using Talguard.Tests.Support;

namespace Talguard.Tests.Corpus;

/// <summary>
/// Repositories laid out the way public Talos GitOps repos keep them (Corpus/repos: bare patches per role, JSON patches,
/// Terraform templates with placeholders, v1.12 network documents, Flux apps with Helm values and SOPS secrets), scanned
/// as a user would scan the checkout. Every finding of every rule is marked in the file with <c># expect: TG-XXX-NNN</c>,
/// each judged by hand; nothing else may fire, and what is not judged is listed as skipped.
/// </summary>
public sealed partial class RepositoryCorpusTests
{
    private static readonly string Root = Path.Combine(SharedData.RepositoryRoot, "tests", "Talguard.Tests", "Corpus", "repos");

    public static TheoryData<string> Repositories() =>
        [.. Directory.EnumerateDirectories(Root).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Repositories))]
    public void Every_finding_is_one_judged_by_hand(string repository)
    {
        var directory = Path.Combine(Root, repository);
        var outcome = Support.Cli.Run("scan", "--format", "json", "--fail-on", "none", directory);
        Assert.True(outcome.ExitCode == 0, $"scan {repository} exited {outcome.ExitCode}: {outcome.Stderr}");

        using var report = JsonDocument.Parse(outcome.Stdout);
        var reported = report.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => $"{Relative(f.GetProperty("location").GetProperty("file").GetString()!, directory)}:{f.GetProperty("location").GetProperty("line").GetInt32()} {f.GetProperty("ruleId").GetString()}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(Marked(directory), reported);
        Assert.False(report.RootElement.TryGetProperty("errors", out _), $"{repository}: no file of a real repository is an input error");
    }

    [Fact]
    public void Files_that_are_not_Talos_or_Kubernetes_are_listed_as_skipped_not_dropped()
    {
        var directory = Path.Combine(Root, "home-ops");
        using var report = JsonDocument.Parse(Support.Cli.Run("scan", "--format", "json", "--fail-on", "none", directory).Stdout);

        var skipped = report.RootElement.GetProperty("skipped").EnumerateArray()
            .Select(s => Relative(s.GetProperty("file").GetString()!, directory));
        Assert.Equal(["kubernetes/apps/default/echo/app/values.yaml"], skipped);
    }

    [Fact]
    public void A_sops_encrypted_secret_is_judged_without_its_values_reaching_the_report()
    {
        var outcome = Support.Cli.Run("scan", "--format", "json", "--fail-on", "none", Path.Combine(Root, "home-ops", "kubernetes", "flux"));

        Assert.DoesNotContain("ENC[", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("AGE ENCRYPTED", outcome.Stdout, StringComparison.Ordinal);
    }

    private static List<string> Marked(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*.yaml", SearchOption.AllDirectories)
            .SelectMany(path => File.ReadLines(path).Select((text, index) => (text, line: index + 1))
                .Select(l => (l.line, marker: ExpectMarker().Match(l.text)))
                .Where(l => l.marker.Success)
                .SelectMany(l => l.marker.Groups["ids"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(id => $"{Relative(path, directory)}:{l.line} {id}")))
            .Order(StringComparer.Ordinal)];

    private static string Relative(string file, string directory) =>
        Path.GetRelativePath(directory, Path.GetFullPath(file, SharedData.RepositoryRoot)).Replace('\\', '/');

    [GeneratedRegex(@"#\s*expect:\s*(?<ids>TG-[A-Z0-9]+-\d{3}(\s*,\s*TG-[A-Z0-9]+-\d{3})*)")]
    private static partial Regex ExpectMarker();
}
