using Talguard.Services;

namespace Talguard.Cli;

/// <summary>The exit codes of ARCHITECTURE.md; never negative, never a count.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int FindingsAtThreshold = 1;
    public const int InputError = 2;
    public const int InternalError = 3;

    /// <summary><c>collect</c> wrote its bundle, but some node refused or failed a resource (the manifest's <c>refused</c> lists them).</summary>
    public const int PartialCollection = 4;

    /// <summary>The exit code of a service run that completed.</summary>
    public static int For(ServiceOutcome outcome) => outcome switch
    {
        ServiceOutcome.FindingsAtThreshold => FindingsAtThreshold,
        ServiceOutcome.InputErrors => InputError,
        _ => Success,
    };
}
