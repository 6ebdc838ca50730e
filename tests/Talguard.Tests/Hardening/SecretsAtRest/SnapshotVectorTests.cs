using Talguard.Formats;
using Talguard.Hardening.SecretsAtRest.Etcd;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.SecretsAtRest;

/// <summary>The shared etcd vectors (../shared/vectors/etcd): status constants, exact inventory, aescbc integrity, Talos keys.</summary>
public sealed class SnapshotVectorTests
{
    /// <summary>Key of the aescbc vectors: bytes 00..1f.</summary>
    private static readonly string VectorKey = Convert.ToBase64String([.. Enumerable.Range(0, 32).Select(i => (byte)i)]);

    [Theory]
    [InlineData("snap.db", 0x31ccda8dU, 10, 14, 24576)]
    [InlineData("snap-large.db", 0xb4993e46U, 311, 315, 172032)]
    public void Status_matches_etcdctl(string file, uint hash, long revision, long totalKey, long totalSize)
    {
        using var database = BoltDatabase.Open(SharedData.Require("vectors/etcd/" + file));
        Assert.Equal(new SnapshotStatus(hash, revision, totalKey, totalSize), SnapshotStatus.Compute(database));
        Assert.True(database.HasTrailer);
    }

    [Fact]
    public void Snap_db_inventory_lists_every_revision_and_checks_aescbc_with_the_key()
    {
        var inventory = Inventory("snap.db", EncryptionConfig("aescbc", "key1", VectorKey));
        Assert.Equal(
        [
            new("/registry/secrets/default/a", 2, false, StorageProvider.AesCbc, "key1", null, true),
            new("/registry/secrets/default/b", 3, false, StorageProvider.Secretbox, "key1", null, null),
            new("/registry/secrets/kube-system/c", 4, true, StorageProvider.Identity, string.Empty, null, null),
            new("/registry/secrets/default/d", 5, true, StorageProvider.KmsV2, "mykms", "kms-key-id-1", null),
            new("/registry/secrets/default/a", 7, false, StorageProvider.AesCbc, "key1", null, true),
            new InventoryEntry("/registry/secrets/default/a", 8, true, StorageProvider.AesCbc, "key1", null, true),
        ], inventory);
    }

    [Fact]
    public void A_wrong_aescbc_key_fails_the_padding_check()
    {
        var wrongKey = Convert.ToBase64String(new byte[32]);
        Assert.All(Inventory("snap.db", EncryptionConfig("aescbc", "key1", wrongKey)).Where(e => e.Provider == StorageProvider.AesCbc), e => Assert.False(e.Intact));
    }

    [Fact]
    public void Compaction_drops_old_revisions_but_keeps_a_deleted_key_until_its_tombstone_is_compacted()
    {
        using var database = BoltDatabase.Open(SharedData.Require("vectors/etcd/snap-large.db"));
        var check = new SnapshotCheck(database, new SnapshotCheckOptions { Resources = ["secrets", "configmaps"] });
        var inventory = new List<InventoryEntry>();
        check.WriteInventory(inventory.Add);
        Assert.Equal([3L, 4, 5, 8], inventory.Where(e => e.Key.StartsWith("/registry/secrets/", StringComparison.Ordinal)).Select(e => e.Revision));
        Assert.Equal(302, inventory.Count(e => e.Key.StartsWith("/registry/configmaps/", StringComparison.Ordinal) && e.Current));
        var outcome = check.Run();
        Assert.Equal(8, outcome.CompactedRevision);
        Assert.Contains(outcome.Totals, t => t is { Resource: "configmaps", Provider: StorageProvider.Identity, Current: 302 });
    }

    [Fact]
    public void Talos_config_keys_make_secretbox_key2_the_write_key_and_aescbc_key1_a_read_key()
    {
        var config = Path.Combine(Path.GetTempPath(), $"talguard-cp-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(config, $"""
            version: v1alpha1
            machine:
              type: controlplane
            cluster:
              secretboxEncryptionSecret: {Convert.ToBase64String(new byte[32])}
              aescbcEncryptionSecret: {VectorKey}
            """);
        try
        {
            var outcome = Support.Cli.Run("etcd", "check", SharedData.Require("vectors/etcd/snap.db"), "--config", config, "--format", "json");
            Assert.Equal(1, outcome.ExitCode);
            Assert.Contains("\"TG-SEC-101\"", outcome.Stdout, StringComparison.Ordinal);
            Assert.Contains("is encrypted with aescbc/key1 but secretbox/key2 writes", outcome.Stdout, StringComparison.Ordinal);
            Assert.Contains("is encrypted with kms-v2/mykms, which", outcome.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(VectorKey, outcome.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter", outcome.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public void Talos_secrets_bundle_is_read_from_the_lowercase_keys()
    {
        var bundle = Path.Combine(Path.GetTempPath(), $"talguard-secrets-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(bundle, $"""
            cluster: {"{"}id: x, secret: y{"}"}
            secrets:
              bootstraptoken: abcdef.0123456789abcdef
              secretboxencryptionsecret: {VectorKey}
            certs:
              os: {"{"}crt: x, key: y{"}"}
            """);
        try
        {
            var keys = EncryptionKeyring.FromTalosSecretsBundle(bundle);
            Assert.Equal(["secretbox/key2", "identity"], keys.ProvidersFor("secrets")!.Select(p => p.Label));
            Assert.Null(keys.ProvidersFor("configmaps"));
        }
        finally
        {
            File.Delete(bundle);
        }
    }

    private static List<InventoryEntry> Inventory(string file, string encryptionConfig)
    {
        try
        {
            using var database = BoltDatabase.Open(SharedData.Require("vectors/etcd/" + file));
            var check = new SnapshotCheck(database, new SnapshotCheckOptions { Keys = EncryptionKeyring.FromEncryptionConfiguration(encryptionConfig) });
            var inventory = new List<InventoryEntry>();
            check.WriteInventory(inventory.Add);
            return inventory;
        }
        finally
        {
            File.Delete(encryptionConfig);
        }
    }

    private static string EncryptionConfig(string provider, string keyName, string secret)
    {
        var path = Path.Combine(Path.GetTempPath(), $"talguard-enc-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"""
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
              - resources: [secrets]
                providers:
                  - {provider}:
                      keys:
                        - name: {keyName}
                          secret: {secret}
                  - identity: {"{}"}
            """);
        return path;
    }
}
