using System.Buffers.Binary;
using System.Security.Cryptography;
using Talguard.Formats;
using Talguard.Hardening.SecretsAtRest.Etcd;
using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.SecretsAtRest;

/// <summary>
/// The key bucket walked on two threads (two halves by revision, then joined) must give exactly what the single
/// pass gives: totals, findings and their order, plaintext histories, and for corrupt input the same error.
/// </summary>
public sealed class TwoThreadWalkTests : IDisposable
{
    private const int PageSize = 4096;
    private static readonly string[] Resources = ["secrets", "configmaps"];
    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-twothread-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_large_vector_splits_and_both_walks_agree()
    {
        var path = Write(Vector());
        using (var database = BoltDatabase.Open(path))
        {
            Assert.NotNull(new EtcdKeyspace(database, [.. Resources.Select(SnapshotCheck.PrefixOf)]).SplitByRevision());
        }

        var single = Outcome(path, twoThreads: false);
        Assert.StartsWith("totals", single, StringComparison.Ordinal);
        Assert.Equal(single, Outcome(path, twoThreads: true));
    }

    [Fact]
    public void A_page_reached_from_both_halves_is_the_error_of_the_single_pass()
    {
        // The first child, emptied, is also the last: each half alone is sound, only their overlap is not.
        var bytes = Vector();
        var (root, children) = KeyBucketRoot(bytes);
        var first = Child(bytes, root, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(((int)first * PageSize) + 10), 0);
        SetChild(bytes, root, children - 1, first);
        AssertSameRefusal(bytes, $"page {first} is reached twice");
    }

    [Fact]
    public void Halves_out_of_order_across_the_boundary_are_the_error_of_the_single_pass()
    {
        // The children either side of the boundary swapped: each half alone is in order, only the join is not.
        var bytes = Vector();
        var (root, children) = KeyBucketRoot(bytes);
        var half = children / 2;
        var last = Child(bytes, root, half - 1);
        SetChild(bytes, root, half - 1, Child(bytes, root, half));
        SetChild(bytes, root, half, last);
        AssertSameRefusal(bytes, "keys are out of order");
    }

    [Fact]
    public void Mutated_snapshots_give_the_same_result_or_error_on_both_walks()
    {
        var original = Vector();
        var random = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var mutated = (byte[])original.Clone();
            for (var c = random.Next(1, 5); c > 0; c--)
            {
                var page = random.Next(mutated.Length / PageSize);
                mutated[(page * PageSize) + (random.Next(2) == 0 ? random.Next(16 + 256) : random.Next(PageSize))] = (byte)random.Next(256);
            }

            var path = Write(mutated);
            Assert.Equal(Outcome(path, twoThreads: false), Outcome(path, twoThreads: true));
            File.Delete(path);
        }
    }

    [Fact]
    public void A_key_written_in_both_halves_is_superseded_across_the_boundary()
    {
        StoredValueWriter.RequireLibsodium();
        using var etcd = EtcdServer.Start();
        var aescbcKey = RandomNumberGenerator.GetBytes(32);
        var padding = new string('x', 1500);
        byte[] Plain(string name) => StoredValueWriter.ProtobufSecret("default", name, "hunter-" + padding);
        void Put(string name, byte[] value) => etcd.Put("/registry/secrets/default/" + name, value);

        Put("hot", Plain("hot"));
        Put("hot", Plain("hot"));
        Put("gone", Plain("gone"));
        Put("back", Plain("back"));
        etcd.Delete("/registry/secrets/default/back");
        for (var i = 0; i < 40; i++)
        {
            Put($"fill{i}", i % 3 == 0 ? StoredValueWriter.AesCbc("key1", aescbcKey, Plain($"fill{i}")) : Plain($"fill{i}"));
            if (i == 20)
            {
                Put("hot", Plain("hot"));
            }
        }

        Put("hot", Plain("hot"));
        Put("hot", StoredValueWriter.AesCbc("key1", aescbcKey, Plain("hot")));
        etcd.Delete("/registry/secrets/default/gone");
        Put("back", StoredValueWriter.AesCbc("key2", aescbcKey, Plain("back")));
        Put("fill1", Plain("fill1"));
        var snapshot = etcd.SaveSnapshot("split.db");

        using (var database = BoltDatabase.Open(snapshot))
        {
            var keyspace = new EtcdKeyspace(database, ["/registry/secrets/"]);
            var halves = keyspace.SplitByRevision();
            Assert.NotNull(halves);
            var earlier = new List<(string Key, long Revision)>();
            var later = new List<(string Key, long Revision)>();
            Assert.True(keyspace.TryWalkInHalves(
                halves.Value,
                _ => (_, revision, keyValue, _) => earlier.Add((System.Text.Encoding.UTF8.GetString(keyValue.Key), revision.Main)),
                _ => (_, revision, keyValue, _) => later.Add((System.Text.Encoding.UTF8.GetString(keyValue.Key), revision.Main))));
            Assert.True(earlier.Max(r => r.Revision) < later.Min(r => r.Revision));
            foreach (var key in new[] { "hot", "gone", "back", "fill1" })
            {
                Assert.Contains(earlier, r => r.Key == "/registry/secrets/default/" + key);
                Assert.Contains(later, r => r.Key == "/registry/secrets/default/" + key);
            }
        }

        var single = Outcome(snapshot, twoThreads: false);
        Assert.Contains("TG-SEC-103", single, StringComparison.Ordinal);
        Assert.Contains("/registry/secrets/default/hot has 4 older plaintext revision(s)", single, StringComparison.Ordinal);
        Assert.Equal(single, Outcome(snapshot, twoThreads: true));
    }

    /// <summary>The large vector without its trailer: a raw bbolt file, so the two-thread walk is allowed.</summary>
    private static byte[] Vector() => File.ReadAllBytes(SharedData.Require("vectors/etcd/snap-large.db"))[..^BoltDatabase.TrailerSize];

    private static string Outcome(string path, bool twoThreads)
    {
        try
        {
            using var database = BoltDatabase.Open(path, verifyTrailer: false);
            var check = new SnapshotCheck(database, new SnapshotCheckOptions { Resources = Resources })
            {
                TwoThreadMinimum = twoThreads ? 0 : long.MaxValue,
            };
            var outcome = check.Run();
            return string.Join('\n', [
                $"totals {string.Join("; ", outcome.Totals)}",
                $"index {outcome.ConsistentIndex} compacted {outcome.CompactedRevision}",
                .. outcome.Result.Findings.Select(f => $"{f.RuleId} {f.Severity} {f.Location} {f.Object} {f.Message}"),
                .. outcome.Result.Notices,
            ]);
        }
        catch (InputException ex)
        {
            return "refused: " + ex.Message;
        }
    }

    private void AssertSameRefusal(byte[] bytes, string reason)
    {
        var path = Write(bytes);
        var single = Outcome(path, twoThreads: false);
        Assert.StartsWith("refused: ", single, StringComparison.Ordinal);
        Assert.Contains(reason, single, StringComparison.Ordinal);
        Assert.Equal(single, Outcome(path, twoThreads: true));
    }

    private string Write(byte[] bytes)
    {
        var path = Path.Combine(_directory, Convert.ToHexString(RandomNumberGenerator.GetBytes(6)) + ".db");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The key bucket's root page (a branch page in the large vector) and its number of children.</summary>
    private (int Page, int Children) KeyBucketRoot(byte[] bytes)
    {
        using var database = BoltDatabase.Open(Write(bytes));
        var root = (int)database.FindBucket("key"u8)!.Value.Root;
        Assert.Equal(0x01, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((root * PageSize) + 8)));
        var children = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((root * PageSize) + 10));
        Assert.True(children >= 2);
        return (root, children);
    }

    private static ulong Child(byte[] bytes, int page, int index) =>
        BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((page * PageSize) + 16 + (index * 16) + 8));

    private static void SetChild(byte[] bytes, int page, int index, ulong child) =>
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((page * PageSize) + 16 + (index * 16) + 8), child);
}
