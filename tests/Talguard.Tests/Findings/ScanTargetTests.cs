using Talguard.Findings;
using Talguard.Model;
using Talguard.Reports;
using Talguard.Tests.Reports;
using Talguard.Tests.Support;

namespace Talguard.Tests.Findings;

/// <summary>Each file's target in the scan result and the reports, and what a target outside the known releases changes.</summary>
public sealed class ScanTargetTests
{
    private const string Worker = "version: v1alpha1\nmachine:\n  type: worker\n  install:\n    image: {0}\n";

    private static ScanResult Scan(ScanOptions? options = null, params (string Name, string Text)[] files) =>
        Scanner.Scan([.. files.Select(f => Yaml.File(f.Name, f.Text))], options ?? new ScanOptions());

    private static string WorkerWith(string image) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Worker, image);

    [Fact]
    public void Targets_list_each_talos_file_and_the_header_says_mixed_when_they_differ()
    {
        var result = Scan(null,
            ("a.yaml", WorkerWith("ghcr.io/siderolabs/installer:v1.12.4")),
            ("b.yaml", "apiVersion: v1alpha1\nkind: KubeletConfig\nimage: ghcr.io/siderolabs/kubelet:v1.36.1\n"),
            ("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"));

        Assert.Equal(
            [
                new FileTarget("a.yaml", new(1, 12), new(1, 34), "install image ghcr.io/siderolabs/installer:v1.12.4; Kubernetes: default"),
                new FileTarget("b.yaml", new(1, 14), new(1, 36), "v1.14 document kind (KubeletConfig); Kubernetes: KubeletConfig image ghcr.io/siderolabs/kubelet:v1.36.1"),
            ],
            result.Targets);
        var json = ReportGoldenTests.Render(new JsonReportWriter(), result);
        Assert.Contains("\"target\": {\n    \"talosVersion\": \"mixed\",\n    \"kubernetesVersion\": \"mixed\"\n  },\n  \"targets\": [\n    {\n      \"file\": \"a.yaml\",", json, StringComparison.Ordinal);
        var sarif = ReportGoldenTests.Render(new SarifReportWriter(), result);
        Assert.Contains("\"properties\": {\n        \"talosVersion\": \"mixed\",\n        \"kubernetesVersion\": \"mixed\",\n        \"targets\": [", sarif, StringComparison.Ordinal);
    }

    [Fact]
    public void The_header_keeps_the_shared_target_and_the_option_wins_everywhere()
    {
        var shared = Scan(null, ("a.yaml", WorkerWith("ghcr.io/siderolabs/installer:v1.12.4")), ("b.yaml", WorkerWith("ghcr.io/siderolabs/installer:v1.12.9")));
        Assert.Contains("\"talosVersion\": \"v1.12\",\n    \"kubernetesVersion\": \"v1.34\"", ReportGoldenTests.Render(new JsonReportWriter(), shared), StringComparison.Ordinal);

        var forced = Scan(new ScanOptions { Targets = new TargetOverrides(new TalosVersion(1, 11)) }, ("a.yaml", WorkerWith("ghcr.io/siderolabs/installer:v1.12.4")));
        Assert.Equal((new TalosVersion(1, 11), "--talos-version; Kubernetes: default"), (forced.TalosVersion, forced.Targets[0].Evidence));
    }

    [Fact]
    public void Manifests_alone_write_no_targets()
    {
        var result = Scan(null, ("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"));
        Assert.Empty(result.Targets);
        Assert.DoesNotContain("\"targets\"", ReportGoldenTests.Render(new JsonReportWriter(), result), StringComparison.Ordinal);
    }

    [Fact]
    public void Targets_outside_the_known_releases_give_one_notice_each()
    {
        var result = Scan(null,
            ("a.yaml", WorkerWith("ghcr.io/siderolabs/installer:v1.10.7")),
            ("b.yaml", WorkerWith("ghcr.io/talos-systems/installer:v0.14.3")),
            ("c.yaml", WorkerWith("factory.talos.dev/installer/abc:v1.15.0")),
            ("d.yaml", "version: v1alpha1\nmachine:\n  type: worker\n  kubelet:\n    image: ghcr.io/siderolabs/kubelet:v1.27.4\n"));

        Assert.Equal(
            [
                "a.yaml (v1.10), b.yaml (v0.14): Talos target older than v1.11, the oldest release Talguard models: keys are judged as v1.11 reads them, "
                + "and rules whose fix needs a later release than the target (Secure Boot installers, TPM keys, audit policy, ...) do not run",
                "c.yaml (v1.15): Talos target newer than v1.14, the newest release Talguard models: keys and documents are judged as v1.14 reads them",
                "d.yaml (v1.27): Kubernetes target older than v1.28, the oldest release Talguard's Kubernetes checks are written for: "
                + "flags and admission settings are judged as that release reads them",
            ],
            result.Notices);

        var forced = Scan(new ScanOptions { Targets = new TargetOverrides(new TalosVersion(1, 9)) }, ("a.yaml", WorkerWith("x:v1.12.0")), ("b.yaml", WorkerWith("x:v1.12.0")));
        Assert.StartsWith("--talos-version v1.9: Talos target older than v1.11", Assert.Single(forced.Notices), StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_too_old_for_a_fix_gets_no_advice_it_cannot_take()
    {
        const string Cp = "version: v1alpha1\nmachine:\n  type: controlplane\n  install:\n    image: ghcr.io/talos-systems/installer:{0}\n"
            + "cluster:\n  apiServer:\n    image: k8s.gcr.io/kube-apiserver:v1.23.1\n";
        var old = Scan(null, ("cp.yaml", string.Format(System.Globalization.CultureInfo.InvariantCulture, Cp, "v0.14.1")));
        var current = Scan(null, ("cp.yaml", string.Format(System.Globalization.CultureInfo.InvariantCulture, Cp, "v1.5.0")));

        // v0.14 has no Secure Boot installer, no TPM key, no auditPolicy and no admissionControl field.
        string[] needNewer = ["TG-AUD-007", "TG-BOOT-001", "TG-K8S-007", "TG-PSS-001"];
        Assert.Equal(needNewer, current.Findings.Select(f => f.Rule.Id).Intersect(needNewer).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(old.Findings, f => needNewer.Contains(f.Rule.Id));
        var unencrypted = Assert.Single(old.Findings, f => f.Rule.Id == "TG-DISK-001");
        Assert.Null(unencrypted.Patch);
        Assert.Contains("add machine.systemDiskEncryption.state with a LUKS2 key (Talos v0.14 has no VolumeConfig encryption)", unencrypted.Message, StringComparison.Ordinal);
        Assert.NotNull(Assert.Single(current.Findings, f => f.Rule.Id == "TG-DISK-001").Patch);
    }
}
