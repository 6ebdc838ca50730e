using System.Runtime.CompilerServices;

namespace Talguard.Tests.Support;

/// <summary>
/// The conformance data in <c>../shared</c> beside the checkout. In a fresh clone it is absent: tests that
/// need it are skipped with a message naming the missing data, except under <c>CI=true</c>, where they fail.
/// </summary>
public static class SharedData
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Root { get; } = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Full path of <paramref name="relative"/> under ../shared, or skips/fails the test when it is missing.</summary>
    public static string Require(string relative)
    {
        var path = Path.Combine(Root, relative);
        if (File.Exists(path) || Directory.Exists(path))
        {
            return path;
        }

        var message = $"conformance data ../shared/{relative} is missing (it sits beside the checkout in CI)";
        if (IsCi)
        {
            Assert.Fail(message + "; CI=true requires it");
        }

        Skip.Because(message);
        return path;
    }

    /// <summary>Requires an external tool (etcd, efitools, chromium ...): skip locally, fail under CI=true.</summary>
    public static string RequireTool(string name, string debianPackage)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'))
        {
            var candidate = Path.Combine(directory, name);
            if (directory.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        var message = $"tool '{name}' is not installed (Debian package {debianPackage}; .ci/run installs it)";
        if (IsCi)
        {
            Assert.Fail(message + "; CI=true requires it");
        }

        Skip.Because(message);
        return name;
    }

    private static string FindRepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}
