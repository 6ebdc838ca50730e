using Talguard.Formats;
using Talguard.Hardening.SecretsAtRest.Etcd;
using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.SecretsAtRest;

/// <summary>
/// Mutation fuzzing of the reader (CI-sized): random byte changes to the trailer-less vectors must end in a
/// result or an <see cref="InputException"/>, never another exception or a hang.
/// </summary>
public sealed class SnapshotFuzzTests(ITestOutputHelper output)
{
    public const int Mutations = 400;

    [Theory]
    [InlineData("snap.db", 1)]
    [InlineData("snap-large.db", 2)]
    public void Mutated_snapshots_are_read_or_refused_cleanly(string vector, int seed)
    {
        var original = File.ReadAllBytes(SharedData.Require("vectors/etcd/" + vector))[..^BoltDatabase.TrailerSize];
        var random = new Random(seed);
        var path = Path.Combine(Path.GetTempPath(), $"talguard-fuzz-{Guid.NewGuid():N}.db");
        int read = 0, refused = 0;
        try
        {
            for (var i = 0; i < Mutations; i++)
            {
                var mutated = (byte[])original.Clone();
                Mutate(mutated, random);
                File.WriteAllBytes(path, mutated);
                try
                {
                    using var database = BoltDatabase.Open(path);
                    SnapshotStatus.Compute(database);
                    var check = new SnapshotCheck(database, new SnapshotCheckOptions { Resources = ["secrets", "configmaps"] });
                    check.Run();
                    check.WriteInventory(_ => { });
                    read++;
                }
                catch (InputException)
                {
                    refused++;
                }
            }
        }
        finally
        {
            File.Delete(path);
        }

        output.WriteLine($"{vector}: {Mutations} mutations, {read} read, {refused} refused with InputException");
        Assert.Equal(Mutations, read + refused);
    }

    /// <summary>Flips bytes, mostly in page headers, element arrays and metas, where structure lives.</summary>
    private static void Mutate(byte[] bytes, Random random)
    {
        var changes = random.Next(1, 9);
        for (var c = 0; c < changes; c++)
        {
            var page = random.Next(bytes.Length / 4096);
            var offset = random.Next(3) switch
            {
                0 => (page * 4096) + random.Next(16),
                1 => (page * 4096) + 16 + random.Next(256),
                _ => random.Next(bytes.Length),
            };
            bytes[offset] = random.Next(4) == 0 ? (byte)0xFF : (byte)random.Next(256);
        }
    }
}
