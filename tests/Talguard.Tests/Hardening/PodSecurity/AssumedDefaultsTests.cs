using System.Text.Json;

namespace Talguard.Tests.Hardening.PodSecurity;

/// <summary>
/// Issue #12: manifests with no admission configuration are judged against assumed Pod Security defaults, named in a
/// notice: by default what talosctl gen config writes (enforce baseline), <c>--pss-defaults upstream</c> privileged.
/// </summary>
public sealed class AssumedDefaultsTests : IDisposable
{
    private const string PrivilegedPod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: apps}
        spec:
          containers:
            - name: c
              image: nginx
              securityContext: {privileged: true}

        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-pss-defaults-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (List<string> Modes, List<string> Notices) Pss(params string[] args)
    {
        var outcome = Support.Cli.Run(["pss", .. args, "--format", "json"]);
        using var report = JsonDocument.Parse(outcome.Stdout);
        var denied = report.RootElement.GetProperty("evaluations").EnumerateArray()
            .Where(e => !e.GetProperty("allowed").GetBoolean())
            .Select(e => $"{e.GetProperty("mode").GetString()} {e.GetProperty("level").GetString()}").ToList();
        return (denied, Notices(report));
    }

    private static List<string> Notices(JsonDocument report) =>
        report.RootElement.TryGetProperty("notices", out var notices) ? [.. notices.EnumerateArray().Select(n => n.GetString()!)] : [];

    [Fact]
    public void Manifests_alone_assume_what_talos_generates_and_say_so()
    {
        var pod = Write("pod.yaml", PrivilegedPod);

        var (denied, notices) = Pss(pod);
        Assert.Contains("enforce baseline", denied);
        Assert.Contains(notices, n => n.StartsWith("no Pod Security admission configuration in the inputs: assumed what talosctl gen config writes", StringComparison.Ordinal));

        var (upstreamDenied, upstreamNotices) = Pss(pod, "--pss-defaults", "upstream");
        Assert.DoesNotContain(upstreamDenied, d => d.StartsWith("enforce ", StringComparison.Ordinal));
        Assert.Contains(upstreamNotices, n => n.Contains("assumed upstream's defaults (privileged everywhere)", StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_says_which_defaults_it_assumed_and_the_option_changes_the_verdict()
    {
        var pod = Write("pod.yaml", PrivilegedPod);

        var talos = Support.Cli.Run("scan", pod, "--format", "json");
        using var talosReport = JsonDocument.Parse(talos.Stdout);
        Assert.Contains(Notices(talosReport), n => n.Contains("assumed what talosctl gen config writes", StringComparison.Ordinal));
        Assert.Contains(talosReport.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "TG-PSS-006");

        var upstream = Support.Cli.Run("scan", pod, "--pss-defaults", "upstream", "--format", "json");
        using var upstreamReport = JsonDocument.Parse(upstream.Stdout);
        Assert.Contains(Notices(upstreamReport), n => n.Contains("assumed upstream's defaults", StringComparison.Ordinal));
        Assert.DoesNotContain(upstreamReport.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "TG-PSS-006");
    }

    [Fact]
    public void A_controlplane_config_in_the_inputs_is_not_an_assumption()
    {
        var pod = Write("pod.yaml", PrivilegedPod);
        var controlPlane = Write("cp.yaml", "version: v1alpha1\nmachine:\n  type: controlplane\ncluster:\n  clusterName: demo\n");

        var (_, notices) = Pss(pod, controlPlane);
        Assert.DoesNotContain(notices, n => n.Contains("assumed", StringComparison.Ordinal));
    }
}
