using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Talguard.Cli.Commands;

/// <summary><c>talguard --version</c>: the version and the commit it was built from.</summary>
public sealed class VersionAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Describe(
            typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion));
        return ExitCodes.Success;
    }

    /// <summary>
    /// The SDK appends the commit (SourceRevisionId, from git or <c>-p:SourceRevisionId=</c>) to the informational
    /// version after a '+'; a build from a tarball without .git has none, and says so rather than print nothing.
    /// </summary>
    public static string Describe(string? informationalVersion)
    {
        var text = informationalVersion ?? "unknown";
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        var version = plus < 0 ? text : text[..plus];
        var commit = plus < 0 || plus == text.Length - 1 ? null : text[(plus + 1)..];
        return commit is null ? $"talguard {version} (unknown commit)" : $"talguard {version} (commit {commit})";
    }
}
