using System.Text;
using System.Text.Json;

namespace Talguard.Tests.Hardening.SecretsAtRest;

/// <summary>
/// Issue #12: <c>etcd check</c> lets nothing pass as a mere count: a value of no known form is a TG-SEC-105 finding,
/// <c>--resource</c> adds to the secrets rather than replacing them, and findings in the binary snapshot carry no line.
/// </summary>
public sealed class EtcdCheckCoverageTests
{
    private static List<JsonElement> Findings(JsonDocument report) => [.. report.RootElement.GetProperty("findings").EnumerateArray()];

    [Fact]
    public void A_value_of_no_known_form_is_a_finding_and_resource_adds_to_the_secrets()
    {
        using var etcd = EtcdServer.Start();
        etcd.Put("/registry/secrets/default/odd", Encoding.UTF8.GetBytes("written around the apiserver"));
        etcd.Put("/registry/secrets/default/plain", StoredValueWriter.ProtobufSecret("default", "plain", "hunter-plain"));
        etcd.Put("/registry/configmaps/default/settings", Encoding.UTF8.GetBytes("{\"kind\":\"ConfigMap\"}"));
        var snapshot = etcd.SaveSnapshot("cluster.db");

        var secretsOnly = Support.Cli.Run("etcd", "check", snapshot, "--format", "json");
        using (var report = JsonDocument.Parse(secretsOnly.Stdout))
        {
            var odd = Assert.Single(Findings(report), f => f.GetProperty("ruleId").GetString() == "TG-SEC-105");
            Assert.Equal("/registry/secrets/default/odd", odd.GetProperty("location").GetProperty("path").GetString());
            Assert.Contains("no apiserver provider reads", odd.GetProperty("message").GetString(), StringComparison.Ordinal);

            // A snapshot is binary: no line or column to name.
            Assert.False(odd.GetProperty("location").TryGetProperty("line", out _));
            Assert.DoesNotContain(Findings(report), f => f.GetProperty("location").GetProperty("path").GetString()!.StartsWith("/registry/configmaps/", StringComparison.Ordinal));
        }

        var withConfigMaps = Support.Cli.Run("etcd", "check", snapshot, "--resource", "configmaps", "--format", "json");
        using (var report = JsonDocument.Parse(withConfigMaps.Stdout))
        {
            var paths = Findings(report).Select(f => $"{f.GetProperty("ruleId").GetString()} {f.GetProperty("location").GetProperty("path").GetString()}").ToList();
            Assert.Contains("TG-SEC-101 /registry/secrets/default/plain", paths);
            Assert.Contains("TG-SEC-105 /registry/secrets/default/odd", paths);
            Assert.Contains("TG-SEC-101 /registry/configmaps/default/settings", paths);
        }

        var sarif = Support.Cli.Run("etcd", "check", snapshot, "--format", "sarif");
        using (var report = JsonDocument.Parse(sarif.Stdout))
        {
            var location = report.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation");
            Assert.False(location.TryGetProperty("region", out _));
        }
    }
}
