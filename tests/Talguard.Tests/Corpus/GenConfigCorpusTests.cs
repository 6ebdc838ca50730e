using Talguard.Findings;
using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Corpus;

/// <summary>
/// What <c>talosctl gen config</c> writes for v1.11 to v1.14 (fake secrets, one bundle for all), some files without an
/// install image: each file is judged against the release it was written for, so none gets a TG-CONF-001 for its own
/// release's documents, and its findings are exactly those a generated config deserves (no disk encryption, no
/// ingress firewall, no Secure Boot installer, SELinux permissive, Metadata audit of RequestReceived).
/// </summary>
public sealed class GenConfigCorpusTests
{
    private static readonly string Root = Path.Combine(SharedData.RepositoryRoot, "tests", "Talguard.Tests", "Corpus", "gen-config");

    /// <summary>The generated certificates are valid from 2026-11-02 for ten years.</summary>
    private static readonly ScanOptions Options = new() { Now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero) };

    public static TheoryData<string, string[], string, string> Files => new()
    {
        {
            "v1.11/controlplane.yaml", ["TG-DISK-001:1", "TG-DISK-002:1", "TG-NET-001:1", "TG-K8S-009:30", "TG-BOOT-001:32", "TG-AUD-007:116"],
            "v1.11", "install image ghcr.io/siderolabs/installer:v1.11.6; Kubernetes: cluster.apiServer.image registry.k8s.io/kube-apiserver:v1.34.1"
        },
        {
            "v1.11/worker.yaml", ["TG-DISK-001:1", "TG-DISK-002:1", "TG-NET-001:1", "TG-K8S-009:30", "TG-BOOT-001:32"],
            "v1.11", "install image ghcr.io/siderolabs/installer:v1.11.6; Kubernetes: machine.kubelet.image ghcr.io/siderolabs/kubelet:v1.34.1"
        },
        {
            "v1.12/controlplane.yaml", ["TG-DISK-001:1", "TG-DISK-002:1", "TG-NET-001:1", "TG-K8S-009:30", "TG-BOOT-001:32", "TG-AUD-007:110"],
            "v1.12", "install image ghcr.io/siderolabs/installer:v1.12.11; Kubernetes: cluster.apiServer.image registry.k8s.io/kube-apiserver:v1.35.4"
        },
        {
            // No install image: HostnameConfig and grubUseUKICmdline only say v1.12 or later, so the default (v1.13) stands.
            "v1.12/worker.yaml", ["TG-DISK-001:1", "TG-DISK-002:1", "TG-NET-001:1", "TG-BOOT-001:30", "TG-K8S-009:30"],
            "v1.13", "default; Kubernetes: machine.kubelet.image ghcr.io/siderolabs/kubelet:v1.35.4"
        },
        {
            "v1.13/controlplane.yaml", ["TG-DISK-001:1", "TG-DISK-002:1", "TG-NET-001:1", "TG-BOOT-001:28", "TG-K8S-009:28", "TG-AUD-007:107"],
            "v1.13", "default; Kubernetes: cluster.apiServer.image registry.k8s.io/kube-apiserver:v1.36.3"
        },
        {
            "v1.13/worker.yaml", ["TG-DISK-001:1", "TG-DISK-002:1", "TG-NET-001:1", "TG-K8S-009:28", "TG-BOOT-001:30"],
            "v1.13", "install image ghcr.io/siderolabs/installer:v1.13.9; Kubernetes: machine.kubelet.image ghcr.io/siderolabs/kubelet:v1.36.3"
        },
        {
            "v1.14/controlplane.yaml", ["TG-DISK-001:1", "TG-NET-001:1", "TG-K8S-009:5", "TG-BOOT-001:41", "TG-DISK-002:55", "TG-AUD-007:176"],
            "v1.14", "UnattendedInstallConfig installer.image factory.talos.dev/metal-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.14.0-rc.1; "
                + "Kubernetes: KubeAPIServerConfig image registry.k8s.io/kube-apiserver:v1.37.0-rc.0"
        },
        {
            // Generated without the UnattendedInstallConfig: the v1.14 documents alone make it a v1.14 config.
            "v1.14/worker.yaml", ["TG-DISK-001:1", "TG-NET-001:1", "TG-BOOT-001:5", "TG-K8S-009:5", "TG-DISK-002:37"],
            "v1.14", "v1.14 document kinds (DiscoveryServiceConfig, DiscoveryIdentityConfig, FilesystemTrimConfig, ...); "
                + "Kubernetes: KubeletConfig image ghcr.io/siderolabs/kubelet:v1.37.0-rc.0"
        },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Generated_config_is_judged_against_its_own_release(string file, string[] expected, string talos, string evidence)
    {
        var result = Scan(file);

        Assert.Equal(expected, result.Findings.Select(f => $"{f.Rule.Id}:{f.Location.Line}"));
        var target = Assert.Single(result.Targets);
        Assert.Equal((file, talos, evidence), (target.File, target.TalosVersion.ToString(), target.Evidence));
        Assert.Empty(result.Notices);
    }

    [Fact]
    public void The_whole_corpus_has_no_version_false_positive_and_says_its_targets_differ()
    {
        var files = Directory.EnumerateFiles(Root, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(path => InputLoader.Parse(Path.GetRelativePath(Root, path).Replace('\\', '/'), path, File.ReadAllText(path)))
            .ToList();
        var result = Scanner.Scan(files, Options);

        Assert.Equal(8, result.Targets.Count);
        Assert.DoesNotContain(result.Findings, f => f.Rule.Id == "TG-CONF-001");
        var json = Reports.ReportGoldenTests.Render(new Talguard.Reports.JsonReportWriter(), result);
        Assert.Contains("\"target\": {\n    \"talosVersion\": \"mixed\",\n    \"kubernetesVersion\": \"mixed\"\n  },\n  \"targets\": [", json, StringComparison.Ordinal);
    }

    private static ScanResult Scan(string file)
    {
        var path = Path.Combine(Root, file);
        return Scanner.Scan([InputLoader.Parse(file, path, File.ReadAllText(path))], Options);
    }
}
