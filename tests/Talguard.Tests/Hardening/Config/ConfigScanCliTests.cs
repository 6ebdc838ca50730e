using System.Text.Json;

namespace Talguard.Tests.Hardening.Config;

/// <summary>The CONF rules through the real CLI, as CI would run them.</summary>
public sealed class ConfigScanCliTests
{
    [Fact]
    public void Json_report_places_conf_findings_at_file_document_and_path()
    {
        var directory = Directory.CreateTempSubdirectory("talguard-conf-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "controlplane.yaml"), """
                version: v1alpha1
                machine:
                  type: controlplane
                  install:
                    image: ghcr.io/siderolabs/installer:v1.13.4
                  secureboot:
                    enabled: true
                cluster:
                  apiServer:
                    extraArgs:
                      feature-gates: [PodSecurity=true]
                ---
                apiVersion: v1alpha1
                kind: VolumeConfig
                name: STATE
                encryption:
                  provider: luks3
                  keys:
                    - slot: 0
                      tpm: {}
                """);
            var outcome = Support.Cli.Run("scan", "--format", "json", directory.FullName);
            Assert.Equal(1, outcome.ExitCode);

            using var report = JsonDocument.Parse(outcome.Stdout);
            var findings = report.RootElement.GetProperty("findings").EnumerateArray()
                .Select(f => (Rule: f.GetProperty("ruleId").GetString(), Document: f.GetProperty("location").GetProperty("document").GetInt32(), Path: f.GetProperty("location").GetProperty("path").GetString()))
                .Where(f => f.Rule!.StartsWith("TG-CONF-", StringComparison.Ordinal))
                .ToList();
            Assert.Equal(
                [("TG-CONF-001", 0, "machine.secureboot"), ("TG-CONF-005", 0, "cluster.apiServer.extraArgs.feature-gates[0]"), ("TG-CONF-007", 1, "encryption.provider")],
                findings);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
