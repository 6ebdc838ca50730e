using System.Buffers.Binary;
using System.Security.Cryptography;
using Talguard.Formats;
using Talguard.Hardening.SecretsAtRest.Etcd;
using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.SecretsAtRest;

/// <summary>Damaged snapshots give one line naming the file and exit 2: never a crash, a hang or partial output.</summary>
public sealed class SnapshotBadInputTests : IDisposable
{
    private const int PageSize = 4096;
    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-badsnap-").FullName;

    [Fact]
    public void A_truncated_snapshot_is_refused() =>
        AssertRefused(Vector("snap-large.db")[..100_000], "truncated");

    [Fact]
    public void A_wrong_trailer_is_refused()
    {
        var bytes = Vector("snap.db");
        bytes[^1] ^= 0xFF;
        AssertRefused(bytes, "SHA-256 trailer does not match");
    }

    [Fact]
    public void A_wrong_trailer_wins_over_damage_the_concurrent_walk_finds()
    {
        var bytes = Vector("snap-large.db");
        SetBranchChild(bytes, page: 36, element: 3, child: 9999);
        AssertRefused(bytes, "SHA-256 trailer does not match");
    }

    [Fact]
    public void A_wrong_trailer_wins_over_damaged_meta_pages()
    {
        var bytes = Vector("snap.db");
        bytes[0x40] ^= 1;
        bytes[PageSize + 0x40] ^= 1;
        AssertRefused(bytes, "SHA-256 trailer does not match");
    }

    [Fact]
    public void Skip_hash_check_reads_a_copy_with_a_wrong_trailer_and_says_it_was_not_verified()
    {
        var bytes = Vector("snap.db");
        bytes[^1] ^= 0xFF;
        var path = Write(bytes);

        var status = Support.Cli.Run("etcd", "status", path, "--format", "json", "--skip-hash-check");
        Assert.Equal(0, status.ExitCode);
        Assert.Equal("{\"hash\":835508877,\"revision\":10,\"totalKey\":14,\"totalSize\":24576}\n", status.Stdout);
        Assert.Equal("talguard: note: " + SnapshotCheck.TrailerSkippedNotice + "\n", status.Stderr);

        var check = Support.Cli.Run("etcd", "check", path, "--fail-on", "none", "--skip-hash-check");
        Assert.Equal(0, check.ExitCode);
        // The table wraps a note to its width; joined back, it is the notice.
        Assert.Contains("note: " + SnapshotCheck.TrailerSkippedNotice, System.Text.RegularExpressions.Regex.Replace(check.Stdout, "\n +", " "), StringComparison.Ordinal);
        Assert.Contains("TG-SEC-101", check.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_check_of_a_sound_snapshot_has_no_trailer_notice()
    {
        var outcome = Support.Cli.Run("etcd", "check", SharedData.Require("vectors/etcd/snap.db"), "--fail-on", "none");
        Assert.Equal(0, outcome.ExitCode);
        Assert.DoesNotContain("SHA-256", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposing_while_the_trailer_is_still_hashed_stops_the_hash_first()
    {
        // 64 MB of unused pages after the database make the hash outlast Open.
        byte[] bolt = [.. RawBolt("snap-large.db"), .. new byte[64 << 20]];
        var path = Write([.. bolt, .. SHA256.HashData(bolt)]);
        for (var i = 0; i < 5; i++)
        {
            BoltDatabase.Open(path).Dispose();
        }

        using var database = BoltDatabase.Open(path);
        database.VerifyTrailer();
    }

    [Fact]
    public void A_file_that_is_not_bolt_is_refused() =>
        AssertRefused([.. Enumerable.Repeat((byte)'x', 8192)], "not a bbolt database");

    [Fact]
    public void A_branch_pointing_outside_the_database_is_refused()
    {
        var bolt = RawBolt("snap-large.db");
        SetBranchChild(bolt, page: 36, element: 3, child: 9999);
        AssertRefused(bolt, "outside pages");
    }

    [Fact]
    public void A_branch_pointing_at_itself_is_refused_not_looped()
    {
        var bolt = RawBolt("snap-large.db");
        SetBranchChild(bolt, page: 36, element: 5, child: 36);
        AssertRefused(bolt, "reached twice");
    }

    [Fact]
    public void Both_meta_pages_damaged_is_refused()
    {
        var bolt = RawBolt("snap.db");
        bolt[0x40] ^= 1;
        bolt[PageSize + 0x40] ^= 1;
        AssertRefused(bolt, "neither meta page is valid");
    }

    [Fact]
    public void A_damaged_newest_meta_falls_back_to_the_other()
    {
        var bolt = RawBolt("snap.db");
        bolt[0x40] ^= 1;
        using var database = BoltDatabase.Open(Write(bolt));
        Assert.Equal(9UL, database.TransactionId);
    }

    [Fact]
    public void A_raw_bolt_file_without_trailer_is_read_with_a_note()
    {
        var outcome = Support.Cli.Run("etcd", "check", Write(RawBolt("snap.db")), "--format", "json", "--fail-on", "none");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("no SHA-256 trailer", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"totalKey\": 14", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_key_sources_are_a_usage_error()
    {
        var outcome = Support.Cli.Run("etcd", "check", SharedData.Require("vectors/etcd/snap.db"), "--config", "a.yaml", "--talos-secrets", "b.yaml");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("talguard: give at most one of --encryption-config, --talos-secrets and --config\n", outcome.Stderr);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static byte[] Vector(string name) => File.ReadAllBytes(SharedData.Require("vectors/etcd/" + name));

    /// <summary>The bolt file without its trailer, so damage reaches the page walker instead of the SHA-256 check.</summary>
    private static byte[] RawBolt(string name) => Vector(name)[..^BoltDatabase.TrailerSize];

    private static void SetBranchChild(byte[] bolt, int page, int element, ulong child) =>
        BinaryPrimitives.WriteUInt64LittleEndian(bolt.AsSpan((page * PageSize) + 16 + (element * 16) + 8), child);

    private string Write(byte[] bytes)
    {
        var path = Path.Combine(_directory, Convert.ToHexString(RandomNumberGenerator.GetBytes(6)) + ".db");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private void AssertRefused(byte[] bytes, string reason)
    {
        var path = Write(bytes);
        foreach (var verb in new[] { "status", "check" })
        {
            var outcome = Support.Cli.Run("etcd", verb, path);
            Assert.Equal(2, outcome.ExitCode);
            Assert.Equal(string.Empty, outcome.Stdout);
            var line = Assert.Single(outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("talguard: " + path + ": ", line, StringComparison.Ordinal);
            Assert.Contains(reason, line, StringComparison.Ordinal);
        }

        var exception = Assert.Throws<InputException>(() =>
        {
            using var database = BoltDatabase.Open(path);
            new SnapshotCheck(database, new SnapshotCheckOptions()).Run();
        });
        Assert.Equal(path, exception.File);
    }
}
