using System.Diagnostics;

using System.Runtime.Versioning;

namespace Talguard.Tests.Cli;

/// <summary><c>-o FILE</c> on regular files: modes, symbolic links, long names, temporary-file hygiene.</summary>
[SupportedOSPlatform("linux")]
public sealed class OutputFileTests : IDisposable
{
    private const string Pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec:\n  containers: [{name: app, image: nginx}]\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-output-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string[] Entries() => [.. Directory.GetFileSystemEntries(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Fact]
    public void A_replaced_file_keeps_its_mode()
    {
        var input = Write("pod.yaml", Pod);
        var report = Write("report.json", "old");
        File.SetUnixFileMode(report, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var outcome = Support.Cli.Run("scan", "--format", "json", "-o", report, input);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("\"schemaVersion\": 1", File.ReadAllText(report), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(report));
        Assert.Equal(["pod.yaml", "report.json"], Entries());
    }

    [Fact]
    public void Root_replacing_a_users_file_keeps_its_owner()
    {
        if (Environment.UserName != "root")
        {
            Support.Skip.Because("only root can give a file to another user");
        }

        var input = Write("pod.yaml", Pod);
        var report = Write("report.txt", "old");
        Assert.Equal(0, Tool("chown", "4321:4322", report).ExitCode);

        Assert.Equal(0, Support.Cli.Run("scan", "-o", report, input).ExitCode);

        Assert.Equal("4321:4322\n", Tool("stat", "-c", "%u:%g", report).Stdout);
        Assert.NotEqual("old", File.ReadAllText(report));
    }

    [Fact]
    public void A_symbolic_link_is_followed_and_stays_a_link()
    {
        var input = Write("pod.yaml", Pod);
        Directory.CreateDirectory(Path.Combine(_directory, "reports"));
        var target = Write("reports/report.json", "old");
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var link = Path.Combine(_directory, "latest.json");
        File.CreateSymbolicLink(link, "reports/report.json");

        var outcome = Support.Cli.Run("scan", "--format", "json", "-o", link, input);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("reports/report.json", new FileInfo(link).LinkTarget);
        Assert.Contains("\"schemaVersion\": 1", File.ReadAllText(target), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(target));
        Assert.Equal(["report.json"], Directory.GetFileSystemEntries(Path.Combine(_directory, "reports")).Select(Path.GetFileName));
    }

    [Fact]
    public void A_250_character_name_is_written_and_a_300_character_one_is_exit_2()
    {
        var input = Write("pod.yaml", Pod);
        var longName = Path.Combine(_directory, new string('r', 245) + ".json");

        Assert.Equal(0, Support.Cli.Run("scan", "-o", longName, input).ExitCode);
        Assert.True(File.Exists(longName));

        var tooLong = Path.Combine(_directory, new string('r', 300));
        var refused = Support.Cli.Run("scan", "-o", tooLong, input);
        Assert.Equal(2, refused.ExitCode);
        Assert.EndsWith(": cannot write: file name too long\n", refused.Stderr, StringComparison.Ordinal);
        Assert.Single(refused.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal(["pod.yaml", Path.GetFileName(longName)], Entries());
    }

    [Theory]
    [InlineData("")]
    [InlineData("missing/")]
    public void A_directory_or_a_missing_directory_is_exit_2(string relative)
    {
        var input = Write("pod.yaml", Pod);
        var outcome = Support.Cli.Run("scan", "-o", Path.Combine(_directory, relative, relative.Length == 0 ? string.Empty : "report.txt").TrimEnd('/'), input);

        Assert.Equal(2, outcome.ExitCode);
        Assert.EndsWith(relative.Length == 0 ? ": is a directory\n" : ": output directory does not exist\n", outcome.Stderr, StringComparison.Ordinal);
        Assert.Equal(["pod.yaml"], Entries());
    }

    [Fact]
    public void Stale_temporary_files_of_a_killed_run_are_removed_by_the_next_write_and_nothing_else()
    {
        var input = Write("pod.yaml", Pod);
        var deadPid = ExitedProcessId();
        var stale = Write($".talguard-{deadPid}-0123abcd.tmp", "half a report");
        var staleStaging = Directory.CreateDirectory(Path.Combine(_directory, $".talguard-{deadPid}-89abcdef.tmp")).FullName;
        File.WriteAllText(Path.Combine(staleStaging, "PK.key"), "secret");
        var interrupted = Directory.CreateDirectory(Path.Combine(_directory, $".talguard-{deadPid}-fedcba98.tmp", "replaced")).FullName;
        File.WriteAllText(Path.Combine(interrupted, "PK.key"), "the previous key, moved aside when the run was killed");
        var otherProcess = Write(".talguard-1-0123abcd.tmp", "in use by pid 1");
        var notOurs = Write(".talguard-notes.tmp", "a user's file");

        Assert.Equal(0, Support.Cli.Run("scan", "-o", Path.Combine(_directory, "report.txt"), input).ExitCode);

        Assert.False(File.Exists(stale));
        Assert.False(Directory.Exists(staleStaging));
        Assert.True(File.Exists(Path.Combine(interrupted, "PK.key")));
        Assert.True(File.Exists(otherProcess));
        Assert.True(File.Exists(notOurs));
    }

    private static Hardening.SecureBoot.SecureBootFixtures.ToolResult Tool(string name, params string[] arguments) => Hardening.SecureBoot.SecureBootFixtures.Run(name, arguments);

    private static int ExitedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
