using Talguard.Findings;
using Talguard.Hardening.Certificates;
using static Talguard.Tests.Support.Yaml;

namespace Talguard.Tests.Hardening.Certificates;

public class WorkerCaKeyRuleTests
{
    private const string KeyMaterial = "LS0tLS1CRUdJTiBFRDI1NTE5IFBSSVZBVEUgS0VZLS0tLS0KTUM0Q0FRQXdCUVlESzJWd0JDSUVJQ3Rlc3Q=";

    private static (string, string) Node(string type, string key) =>
        ("node.yaml", $"""
            version: v1alpha1
            machine:
              type: {type}
              ca:
                crt: Y3J0
                key: {key}
            cluster:
              ca:
                crt: Y3J0
                key: ""
              etcd:
                ca:
                  crt: Y3J0
                  key: {key}
            """);

    [Fact]
    public void Worker_with_ca_keys_is_critical_at_each_key_and_never_shows_the_key()
    {
        var findings = Check(new WorkerCaKeyRule(), Node("worker", KeyMaterial));

        Assert.Equal(["machine.ca.key", "cluster.etcd.ca.key"], findings.Select(f => f.Location.Path));
        Assert.Equal([6, 14], findings.Select(f => f.Location.Line));
        Assert.All(findings, f =>
        {
            Assert.Equal(Severity.Critical, f.Severity);
            Assert.DoesNotContain(KeyMaterial, f.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(KeyMaterial, f.Patch ?? string.Empty, StringComparison.Ordinal);
        });
        Assert.Equal("machine:\n  ca:\n    key:\n      $patch: delete\n", findings[0].Patch);
    }

    [Fact]
    public void Control_planes_and_workers_with_empty_keys_do_not_fire()
    {
        Assert.Empty(Check(new WorkerCaKeyRule(), Node("controlplane", KeyMaterial)));
        Assert.Empty(Check(new WorkerCaKeyRule(), Node("worker", "\"\"")));
    }

    [Fact]
    public void The_json_report_of_a_worker_key_contains_no_key_material()
    {
        var file = Path.Combine(Path.GetTempPath(), "talguard-cert001-" + Guid.NewGuid().ToString("N") + ".yaml");
        System.IO.File.WriteAllText(file, Node("worker", KeyMaterial).Item2);
        try
        {
            var outcome = Support.Cli.Run("scan", "--format", "json", file);
            Assert.Contains("TG-CERT-001", outcome.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(KeyMaterial, outcome.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            System.IO.File.Delete(file);
        }
    }
}
