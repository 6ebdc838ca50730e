using System.Text.Json;
using System.Xml.Linq;
using Talguard.Model;

namespace Talguard.Tests.Cli;

/// <summary>
/// Issue #12 "nothing passes silently": one broken file among good ones is reported beside their findings and the
/// run exits 2 after a complete report; files a directory scan does not judge are listed; a file reached twice is
/// scanned once; a path with nothing to scan is exit 2.
/// </summary>
public sealed class NothingPassesSilentlyTests : IDisposable
{
    private const string WorkerWithCaKey = "version: v1alpha1\nmachine:\n  type: worker\n  ca:\n    crt: Y3J0\n    key: a2V5\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-silent-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A directory with a good worker config, a file that is not YAML and one that is not Talos or Kubernetes.</summary>
    private string MixedDirectory()
    {
        Write("repo/a-good.yaml", WorkerWithCaKey);
        Write("repo/b-broken.yaml", "version: v1alpha1\nmachine:\n  type: worker\n   bad: [\n");
        Write("repo/c-values.yaml", "replicaCount: 2\nimage: nginx\n");
        Write("repo/d-empty.yaml", "\n");
        return Path.Combine(_directory, "repo");
    }

    [Fact]
    public void A_broken_file_does_not_hide_the_others_and_the_run_exits_2_after_the_whole_report()
    {
        var repo = MixedDirectory();
        var outcome = Support.Cli.Run("scan", repo, "--format", "json");

        Assert.Equal(2, outcome.ExitCode);
        using var report = JsonDocument.Parse(outcome.Stdout);
        var root = report.RootElement;
        Assert.Contains(root.GetProperty("findings").EnumerateArray(), f =>
            f.GetProperty("ruleId").GetString() == "TG-CERT-001" && f.GetProperty("location").GetProperty("file").GetString()!.EndsWith("a-good.yaml", StringComparison.Ordinal));
        var error = Assert.Single(root.GetProperty("errors").EnumerateArray());
        Assert.EndsWith("repo/b-broken.yaml", error.GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, error.GetProperty("line").GetInt32());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));

        // The same error on stderr, one line, after the report: a log shows why the run failed.
        var line = Assert.Single(outcome.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("talguard: " + repo.Replace('\\', '/') + "/b-broken.yaml:4: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_a_directory_scan_does_not_judge_are_listed_as_skipped_with_a_reason()
    {
        var repo = MixedDirectory();
        using var report = JsonDocument.Parse(Support.Cli.Run("scan", repo, "--format", "json").Stdout);

        var skipped = report.RootElement.GetProperty("skipped").EnumerateArray()
            .Select(s => (Path.GetFileName(s.GetProperty("file").GetString()), s.GetProperty("reason").GetString())).ToList();
        Assert.Equal(
            [("c-values.yaml", InputClassification.NotRecognised), ("d-empty.yaml", "empty file")],
            skipped);
    }

    [Fact]
    public void A_clean_report_has_no_errors_or_skipped_members()
    {
        var good = Write("good.yaml", WorkerWithCaKey);
        using var report = JsonDocument.Parse(Support.Cli.Run("scan", good, "--format", "json").Stdout);

        Assert.False(report.RootElement.TryGetProperty("errors", out _));
        Assert.False(report.RootElement.TryGetProperty("skipped", out _));
    }

    [Fact]
    public void A_talhelper_config_in_a_directory_is_not_skipped()
    {
        Write("cluster/good.yaml", WorkerWithCaKey);
        Write("cluster/talconfig.yaml", "clusterName: home\nendpoint: https://10.0.0.1:6443\nnodes:\n  - hostname: cp1\n    ipAddress: 10.0.0.1\n");
        var outcome = Support.Cli.Run("scan", Path.Combine(_directory, "cluster"), "--format", "json");

        using var report = JsonDocument.Parse(outcome.Stdout);
        Assert.False(report.RootElement.TryGetProperty("skipped", out _));
        Assert.Equal(1, outcome.ExitCode);
    }

    [Fact]
    public void Sarif_reports_errors_and_skipped_files_as_tool_notifications_and_an_unsuccessful_run()
    {
        var repo = MixedDirectory();
        var outcome = Support.Cli.Run("scan", repo, "--format", "sarif");

        Assert.Equal(2, outcome.ExitCode);
        using var sarif = JsonDocument.Parse(outcome.Stdout);
        var invocation = sarif.RootElement.GetProperty("runs")[0].GetProperty("invocations")[0];
        Assert.False(invocation.GetProperty("executionSuccessful").GetBoolean());
        var notifications = invocation.GetProperty("toolExecutionNotifications").EnumerateArray().ToList();
        var error = Assert.Single(notifications, n => n.GetProperty("level").GetString() == "error");
        var location = error.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.EndsWith("b-broken.yaml", location.GetProperty("artifactLocation").GetProperty("uri").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, location.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(2, notifications.Count(n => n.GetProperty("level").GetString() == "note"));

        // A skipped file concerns the whole file: no region, rather than a meaningless 1:1.
        var note = notifications.First(n => n.GetProperty("level").GetString() == "note");
        Assert.False(note.GetProperty("locations")[0].GetProperty("physicalLocation").TryGetProperty("region", out _));
    }

    [Fact]
    public void JUnit_reports_each_broken_file_as_an_error()
    {
        var repo = MixedDirectory();
        var outcome = Support.Cli.Run("scan", repo, "--format", "junit");

        Assert.Equal(2, outcome.ExitCode);
        var xml = XDocument.Parse(outcome.Stdout);
        Assert.Equal("1", xml.Root!.Attribute("errors")!.Value);
        var suite = Assert.Single(xml.Root.Elements("testsuite"), s => s.Attribute("name")!.Value.EndsWith("b-broken.yaml", StringComparison.Ordinal));
        Assert.Equal("1", suite.Attribute("errors")!.Value);
        var error = suite.Element("testcase")!.Element("error")!;
        Assert.StartsWith("line 4: ", error.Attribute("message")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_named_files_each_report_their_error()
    {
        var good = Write("good.yaml", WorkerWithCaKey);
        var broken = Write("broken.yaml", "a: [\n");
        var missing = Path.Combine(_directory, "missing.yaml");
        var outcome = Support.Cli.Run("scan", broken, good, missing, "--format", "json");

        Assert.Equal(2, outcome.ExitCode);
        using var report = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal(
            ["broken.yaml", "missing.yaml"],
            report.RootElement.GetProperty("errors").EnumerateArray().Select(e => Path.GetFileName(e.GetProperty("file").GetString())));
        Assert.Equal(2, outcome.Stderr.TrimEnd('\n').Split('\n').Length);
        Assert.Contains("missing.yaml: no such file or directory", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void With_nothing_readable_the_first_error_is_the_whole_answer()
    {
        var broken = Write("broken.yaml", "a: [\n");
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("scan", broken, Path.Combine(_directory, "missing.yaml")), broken.Replace('\\', '/') + ":");
    }

    [Fact]
    public void A_directory_with_no_talos_or_kubernetes_yaml_is_exit_2_naming_it_even_beside_good_files()
    {
        var good = Write("good.yaml", WorkerWithCaKey);
        Write("charts/values.yaml", "replicaCount: 2\n");
        var charts = Path.Combine(_directory, "charts");

        Support.Cli.AssertOneLineInputError(Support.Cli.Run("scan", charts), charts + ": no Talos or Kubernetes YAML under it");

        var outcome = Support.Cli.Run("scan", good, charts, "--format", "json");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("talguard: " + charts + ": no Talos or Kubernetes YAML under it (*.yaml, *.yml)", outcome.Stderr.TrimEnd('\n'));
    }

    [Fact]
    public void A_file_reached_twice_is_scanned_once()
    {
        var good = Write("cluster/worker.yaml", WorkerWithCaKey);
        var cluster = Path.Combine(_directory, "cluster");
        var link = Path.Combine(_directory, "link.yaml");
        File.CreateSymbolicLink(link, good);

        var once = Support.Cli.Run("scan", cluster, "--format", "json");
        foreach (var args in new[] { new[] { cluster, good }, [good, good], [cluster, link], [good, cluster] })
        {
            var twice = Support.Cli.Run(["scan", .. args, "--format", "json"]);
            Assert.Equal(once.ExitCode, twice.ExitCode);
            using var report = JsonDocument.Parse(twice.Stdout);
            Assert.Single(report.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "TG-CERT-001");
        }
    }

    [Theory]
    [InlineData("scan")]
    [InlineData("pss")]
    public void A_broken_or_skipped_input_is_still_an_input_the_report_never_replaces(string verb)
    {
        var good = Write("good.yaml", WorkerWithCaKey);
        var broken = Write("broken.yaml", "a: [\n");
        var outcome = Support.Cli.Run(verb, "-o", broken, good, broken);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("is also an input of this run", outcome.Stderr, StringComparison.Ordinal);
        Assert.Equal("a: [\n", File.ReadAllText(broken));
    }

    [Fact]
    public void Pss_reports_a_broken_file_beside_the_others_evaluations()
    {
        var pod = Write("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: apps}\nspec:\n  hostPID: true\n  containers: [{name: c, image: nginx}]\n");
        var broken = Write("broken.yaml", "a: [\n");
        var outcome = Support.Cli.Run("pss", pod, broken, "--format", "json");

        Assert.Equal(2, outcome.ExitCode);
        using var report = JsonDocument.Parse(outcome.Stdout);
        Assert.NotEmpty(report.RootElement.GetProperty("evaluations").EnumerateArray());
        Assert.EndsWith("broken.yaml", Assert.Single(report.RootElement.GetProperty("errors").EnumerateArray()).GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("talguard: " + broken.Replace('\\', '/') + ":", outcome.Stderr, StringComparison.Ordinal);
    }
}
