using System.Runtime.CompilerServices;

namespace Talguard.Tests.Support;

/// <summary>Makes in-process CLI runs independent of the shell that started <c>dotnet test</c>.</summary>
internal static class TestEnvironment
{
    /// <summary>
    /// A terminal's exported <c>COLUMNS</c> would set the width of every piped report the tests compare with
    /// goldens and docs; without it they get the fixed default width, as CI does.
    /// </summary>
    [ModuleInitializer]
    internal static void ForgetTerminalWidth() => Environment.SetEnvironmentVariable("COLUMNS", null);
}
