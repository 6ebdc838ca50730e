using Talguard.Compliance;
using Talguard.Model;

namespace Talguard.Tests.Compliance;

/// <summary>Attestations decide manual controls until they expire, and never override an automated verdict.</summary>
public sealed class AttestationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-attest-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void An_attestation_in_force_decides_a_manual_control()
    {
        var report = Run("""
            attestations:
              - control: soc2:CC7.4
                status: pass
                evidence: Incident response runbook v3 (wiki/IR)
                owner: security@example.com
                date: 2026-10-01
                expiry: 2027-10-01
            """);
        var control = report.Controls.Single(c => c.Id == "CC7.4");
        Assert.Equal(ControlStatus.Pass, control.Status);
        Assert.Null(control.Reason);
        Assert.Equal("security@example.com", control.Attestation!.Owner);
        Assert.Contains(control.Evidence, e => e.Text == "attested pass by security@example.com on 2026-10-01, expires 2027-10-01: Incident response runbook v3 (wiki/IR)" && e.Line == 2);
    }

    [Fact]
    public void An_expired_attestation_turns_the_control_back_to_manual_and_says_why()
    {
        var report = Run("""
            attestations:
              - control: CC7.5
                status: pass
                evidence: DR test restored the etcd snapshot in 14 minutes
                owner: sre@example.com
                date: 2026-08-01
                expiry: 2026-11-01
            """);
        var control = report.Controls.Single(c => c.Id == "CC7.5");
        Assert.Equal(ControlStatus.Manual, control.Status);
        Assert.StartsWith("the attestation by sre@example.com (", control.Reason, StringComparison.Ordinal);
        Assert.Contains("expired on 2026-11-01", control.Reason, StringComparison.Ordinal);
        Assert.NotNull(control.Attestation);
        Assert.DoesNotContain(control.Evidence, e => e.Text.StartsWith("attested", StringComparison.Ordinal));
    }

    [Fact]
    public void An_attestation_holds_through_its_expiry_day()
    {
        var report = Run("""
            attestations:
              - control: CC7.5
                status: pass
                evidence: quarterly DR test
                owner: sre@example.com
                date: 2026-09-03
                expiry: 2026-12-03
            """);
        Assert.Equal(ControlStatus.Pass, report.Controls.Single(c => c.Id == "CC7.5").Status);
    }

    [Fact]
    public void An_attestation_cannot_turn_a_failing_automated_control_into_a_pass()
    {
        var report = Run("""
            attestations:
              - control: CC6.1
                status: pass
                evidence: we think it is fine
                owner: someone@example.com
                date: 2026-10-01
            """);
        var control = report.Controls.Single(c => c.Id == "CC6.1");
        Assert.Equal(ControlStatus.Fail, control.Status);
        Assert.Null(control.Attestation);
        Assert.Contains(report.Notices, n => n.Contains("attestation of soc2 CC6.1 is not used", StringComparison.Ordinal) && n.Contains("cannot turn a failing check into a pass", StringComparison.Ordinal));
    }

    [Fact]
    public void Entries_of_another_framework_are_skipped()
    {
        var report = Run("""
            attestations:
              - control: pci-dss-4.0:12.10.1
                status: pass
                evidence: IR plan
                owner: security@example.com
                date: 2026-10-01
            """);
        Assert.DoesNotContain(report.Controls, c => c.Attestation is not null);
    }

    [Theory]
    [InlineData("attestations:\n  - control: CC7.4\n    status: pass\n    evidence: x\n    owner: y\n    date: 2026-10-01\n    signer: z\n", 7, "unknown key 'signer' in attestation")]
    [InlineData("attestations:\n  - control: CC99.1\n    status: pass\n    evidence: x\n    owner: y\n    date: 2026-10-01\n", 2, "control 'CC99.1' is not in the soc2 catalog")]
    [InlineData("attestations:\n  - control: CC7.4\n    status: manual\n    evidence: x\n    owner: y\n    date: 2026-10-01\n", 3, "status 'manual' is not one of pass, fail, not-applicable")]
    [InlineData("attestations:\n  - control: CC7.4\n    status: pass\n    evidence: x\n    owner: y\n    date: 01/10/2026\n", 6, "date '01/10/2026' is not a date like 2026-12-31")]
    [InlineData("attestations:\n  - control: CC7.4\n    status: pass\n    evidence: x\n    owner: y\n    date: 2026-10-01\n    expiry: 2026-09-01\n", 7, "expiry 2026-09-01 is before the date 2026-10-01")]
    [InlineData("attestations:\n  - control: CC7.4\n    status: pass\n    evidence: x\n    date: 2026-10-01\n", 2, "attestation has no 'owner'")]
    [InlineData("attestations:\n  - control: nist:AC-2\n    status: pass\n    evidence: x\n    owner: y\n    date: 2026-10-01\n", 2, "unknown framework 'nist'")]
    [InlineData("attestations:\n  - control: CC7.4\n    status: pass\n    evidence: x\n    owner: y\n    date: 2026-10-01\n  - control: CC7.4\n    status: fail\n    evidence: x\n    owner: y\n    date: 2026-10-01\n", 7, "control CC7.4 is already attested at line 2")]
    [InlineData("controls: []\n", 1, "unknown key 'controls' (expected 'attestations')")]
    public void A_bad_attestations_file_names_the_line(string text, int line, string message)
    {
        var path = Write(text);
        var error = Assert.Throws<InputException>(() => ComplianceServiceTests.Run("soc2", [ComplianceServiceTests.WeakCluster], attestations: path));
        Assert.Equal(line, error.Line);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    private ComplianceReport Run(string attestations) =>
        ComplianceServiceTests.Run("soc2", [ComplianceServiceTests.WeakCluster], attestations: Write(attestations));

    private string Write(string text)
    {
        var path = Path.Combine(_directory, "attestations.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
