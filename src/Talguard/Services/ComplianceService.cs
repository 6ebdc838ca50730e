using Talguard.Compliance;
using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Services;

/// <summary>What <c>talguard compliance --framework F PATH...</c> asks for.</summary>
public sealed record ComplianceRequest
{
    /// <summary>The framework key: <c>cis-1.10</c>, <c>pci-dss-4.0</c> or <c>soc2</c> (<see cref="ComplianceCatalogs.Keys"/>).</summary>
    public required string Framework { get; init; }

    /// <summary>Configs, patches and manifests to judge, as <c>talguard scan</c> takes them; <c>-</c> reads <see cref="StandardInput"/>.</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary>The scan options (exceptions, target versions) the configs are scanned with.</summary>
    public ScanOptions Options { get; init; } = new();

    /// <summary>An evidence bundle from <c>talguard collect</c> (<c>--evidence</c>); its findings join the configs'.</summary>
    public string? EvidenceBundle { get; init; }

    /// <summary>An attestations file (<c>--attestations</c>) for the controls no rule can judge.</summary>
    public string? Attestations { get; init; }

    /// <summary>The moment attestations are judged at (<c>--now</c>): an attestation whose expiry day is before it has lapsed.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>
    /// The lowest severity of a failing control that fails the run; null: no control does. A control's severity is
    /// its highest finding's; a control failed by a config override without a finding counts as <see cref="Severity.High"/>.
    /// </summary>
    public Severity? FailOn { get; init; } = Severity.Info;

    public Func<Stream>? StandardInput { get; init; }
}

/// <summary>The report of a compliance run and how it ends.</summary>
public sealed record ComplianceResult(ComplianceReport Report, ServiceOutcome Outcome);

/// <summary>
/// <c>talguard compliance</c>: scans the configs (and verifies an evidence bundle when given), then judges every
/// control of the framework's catalog from the findings of the rules mapped to it, the Talos defaults and config
/// probes the catalog names, and the attestations (docs/compliance.md).
/// </summary>
public static class ComplianceService
{
    /// <exception cref="ArgumentException">The framework is not one of <see cref="ComplianceCatalogs.Keys"/>.</exception>
    /// <exception cref="InputException">An input, the bundle or the attestations file is bad.</exception>
    public static ComplianceResult Run(ComplianceRequest request)
    {
        var catalog = ComplianceCatalogs.Get(request.Framework)
            ?? throw new ArgumentException($"unknown framework {request.Framework} (expected {string.Join(", ", ComplianceCatalogs.Keys)})", nameof(request));
        var attestations = request.Attestations is null ? [] : AttestationsFile.Load(request.Attestations, catalog);

        var scan = ScanService.Run(
            new ScanRequest
            {
                Paths = request.Paths,
                Options = request.Options,
                FailOn = null,
                StandardInput = request.StandardInput,
            },
            out var model).Report;
        var verified = request.EvidenceBundle is null ? null : VerifyService.Verify(new VerifyRequest(request.EvidenceBundle) { FailOn = null });

        var judge = new ControlJudge(catalog, scan, verified, model, attestations, DateOnly.FromDateTime(request.Now.UtcDateTime));
        var controls = catalog.Controls.Select(judge.Judge).ToList();
        var report = new ComplianceReport(catalog.Framework, controls, Combined(scan, verified))
        {
            Notices = [.. scan.Notices, .. verified?.Report.Notices ?? [], .. judge.Notices],
        };
        return new ComplianceResult(report, OutcomeOf(report, request.FailOn));
    }

    /// <summary>Failing controls at or above <paramref name="failOn"/> fail the run; unreadable inputs make it a bad-input run.</summary>
    private static ServiceOutcome OutcomeOf(ComplianceReport report, Severity? failOn) =>
        report.Scan.Errors.Count > 0 ? ServiceOutcome.InputErrors
        : failOn is { } threshold && report.Controls.Any(c => c.Status == ControlStatus.Fail && (c.HighestSeverity ?? Severity.High) >= threshold)
            ? ServiceOutcome.FindingsAtThreshold
            : ServiceOutcome.Passed;

    /// <summary>The configs' scan with the bundle's findings and files added, for writers that list findings or files.</summary>
    private static ScanResult Combined(ScanResult scan, VerifyResult? verified)
    {
        if (verified is null)
        {
            return scan;
        }

        var files = scan.Files.Concat(verified.Report.Files).Distinct().Order(StringComparer.Ordinal).ToList();
        return new ScanResult([.. scan.Findings, .. verified.Findings], scan.TalosVersion, scan.KubernetesVersion, scan.Notices, files)
        {
            Errors = scan.Errors,
            Skipped = scan.Skipped,
            Targets = scan.Targets,
            RulesByFile = scan.RulesByFile,
        };
    }
}
