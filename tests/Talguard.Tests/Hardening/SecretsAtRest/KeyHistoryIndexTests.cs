using Talguard.Formats;
using Talguard.Hardening.SecretsAtRest.Etcd;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.SecretsAtRest;

/// <summary>The newest revision per key, against a plain dictionary of key text, presized and grown.</summary>
public sealed class KeyHistoryIndexTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(1_000_000L)]
    public void Newest_revisions_match_a_dictionary_of_keys(long presize)
    {
        using var database = BoltDatabase.Open(SharedData.Require("vectors/etcd/snap-large.db"));
        var keyspace = new EtcdKeyspace(database, ["/registry/"]);
        var index = new KeyHistoryIndex(keyspace, presize);
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        keyspace.Walk((_, _, keyValue, record) =>
        {
            var key = System.Text.Encoding.UTF8.GetString(keyValue.Key);
            var previous = index.Record(keyValue.Key, record);
            Assert.Equal(expected.TryGetValue(key, out var offset) ? offset : null, previous?.Offset);
            expected[key] = record.Offset;
        });

        Assert.True(expected.Count > 300);
        Assert.Equal(expected.Values.Order(), index.Newest.ToArray().Select(r => r.Offset).Order());
        keyspace.Walk((_, _, keyValue, record) =>
            Assert.Equal(expected[System.Text.Encoding.UTF8.GetString(keyValue.Key)] == record.Offset && !record.Tombstone, index.IsCurrent(keyValue.Key, record.Offset)));
    }
}
