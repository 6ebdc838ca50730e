using Talguard.Findings;

namespace Talguard.Services;

/// <summary>How a service run ended, for the host to map to an exit code. Input that makes the whole run meaningless is an exception, not an outcome.</summary>
public enum ServiceOutcome
{
    /// <summary>The run completed and nothing active is at or above the fail-on threshold.</summary>
    Passed,

    /// <summary>The run completed with an active finding at or above the fail-on threshold.</summary>
    FindingsAtThreshold,

    /// <summary>
    /// The run completed and its report is whole, but some inputs could not be read or parsed
    /// (<see cref="ScanResult.Errors"/>): the findings do not cover them, so the run fails as bad input does.
    /// </summary>
    InputErrors,
}

public static class ServiceOutcomes
{
    /// <summary>The outcome of a report judged against <paramref name="failOn"/> (null: nothing fails the run).</summary>
    public static ServiceOutcome Of(ScanResult report, Severity? failOn) =>
        report.Errors.Count > 0 ? ServiceOutcome.InputErrors
        : report.Fails(failOn) ? ServiceOutcome.FindingsAtThreshold
        : ServiceOutcome.Passed;
}
