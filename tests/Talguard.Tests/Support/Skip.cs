namespace Talguard.Tests.Support;

/// <summary>
/// Skips the running test, saying why where <c>dotnet test</c> shows it. At its default (minimal) verbosity the
/// xunit adapter prints a skipped test's "[SKIP]" line and its warnings, but not the reason (an informational line);
/// the reason is therefore also added as a test warning, which prints under the "[SKIP]" line.
/// </summary>
public static class Skip
{
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Because(string reason)
    {
        TestContext.Current.AddWarning("skipped: " + reason);
        Assert.Skip(reason);
    }

    public static void When(bool condition, string reason)
    {
        if (condition)
        {
            Because(reason);
        }
    }
}
