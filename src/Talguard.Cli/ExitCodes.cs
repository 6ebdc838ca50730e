namespace Talguard.Cli;

/// <summary>The exit codes of ARCHITECTURE.md; never negative, never a count.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int FindingsAtThreshold = 1;
    public const int InputError = 2;
    public const int InternalError = 3;
}
