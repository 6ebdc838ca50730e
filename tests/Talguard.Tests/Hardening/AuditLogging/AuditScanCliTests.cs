using System.Text.Json;

namespace Talguard.Tests.Hardening.AuditLogging;

/// <summary><c>talguard scan --format json</c> over the fixtures in testdata/: AUD findings at file and path.</summary>
public class AuditScanCliTests
{
    private const string TestData = "tests/Talguard.Tests/Hardening/AuditLogging/testdata";

    [Fact]
    public void Scan_reports_audit_findings_at_file_and_path()
    {
        var outcome = Support.Cli.Run("scan", "--format", "json", TestData);
        Assert.Equal(string.Empty, outcome.Stderr);
        using var json = JsonDocument.Parse(outcome.Stdout);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("ruleId").GetString()!.StartsWith("TG-AUD-", StringComparison.Ordinal))
            .Select(f => string.Join(' ',
                f.GetProperty("ruleId").GetString(),
                f.GetProperty("severity").GetString(),
                Path.GetFileName(f.GetProperty("location").GetProperty("file").GetString()),
                f.GetProperty("location").GetProperty("line").GetInt32(),
                f.GetProperty("location").GetProperty("path").GetString()))
            .ToList();

        const string Insecure = "insecure-controlplane.yaml";
        const string Refused = "refused-policy.yaml";
        Assert.Equal(
            [
                $"TG-AUD-004 medium {Insecure} 7 cluster.apiServer.extraArgs.audit-log-maxage",
                $"TG-AUD-004 medium {Insecure} 8 cluster.apiServer.extraArgs.audit-log-maxbackup[0]",
                $"TG-AUD-001 high {Insecure} 14 cluster.apiServer.auditPolicy.rules[0]",
                $"TG-AUD-007 low {Insecure} 14 cluster.apiServer.auditPolicy.rules[0]",
                $"TG-AUD-007 low {Insecure} 16 cluster.apiServer.auditPolicy.rules[1]",
                $"TG-AUD-006 low {Insecure} 18 cluster.apiServer.auditPolicy.rules[1].resources[0]",
                $"TG-AUD-003 low {Insecure} 20 cluster.apiServer.auditPolicy.rules[2]",
                $"TG-AUD-007 low {Insecure} 20 cluster.apiServer.auditPolicy.rules[2]",
                $"TG-AUD-005 high {Insecure} 24 cluster.apiServer.auditPolicy.rules[3]",
                $"TG-AUD-008 high {Refused} 5 rules[0].level",
                $"TG-AUD-008 high {Refused} 7 rules[0].resources[0].group",
                $"TG-AUD-008 high {Refused} 10 rules[1].nonResourceURLs",
                $"TG-AUD-008 high {Refused} 10 rules[1].nonResourceURLs[1]",
            ],
            findings);
    }
}
