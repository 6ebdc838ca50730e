using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Talguard.Formats;
using Talguard.Hardening.SecretsAtRest.Etcd;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.SecretsAtRest;

/// <summary>
/// Secrets written into a real etcd (plaintext, aescbc, aesgcm, secretbox, KMS v2 shape; overwritten, deleted,
/// compacted), snapshotted with etcdctl: the check must report exactly what was written, and status must equal etcdctl's.
/// </summary>
public sealed class RealEtcdSnapshotTests
{
    private readonly byte[] _secretboxKey = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _aescbcKey = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _aesgcmKey = RandomNumberGenerator.GetBytes(16);
    private readonly List<Written> _log = [];

    [Fact]
    public void A_real_etcd_snapshot_is_classified_exactly_as_it_was_written()
    {
        StoredValueWriter.RequireLibsodium();
        using var etcd = EtcdServer.Start();
        var compactedAt = Populate(etcd);
        var snapshot = etcd.SaveSnapshot("cluster.db");
        var config = WriteEncryptionConfiguration(etcd.Directory);

        using var database = BoltDatabase.Open(snapshot);
        var check = new SnapshotCheck(database, new SnapshotCheckOptions { Keys = EncryptionKeyring.FromEncryptionConfiguration(config) });
        var inventory = new List<InventoryEntry>();
        check.WriteInventory(inventory.Add);
        Assert.Equal(Expected(compactedAt), inventory);

        var findings = check.Run().Result.Findings.Select(f => $"{f.RuleId} {f.Location.Path}").Order(StringComparer.Ordinal);
        Assert.Equal(
        [
            "TG-SEC-101 /registry/secrets/kube-system/json1",
            "TG-SEC-102 /registry/secrets/default/cbc1",
            "TG-SEC-102 /registry/secrets/default/gcm1",
            "TG-SEC-102 /registry/secrets/default/kms1",
            "TG-SEC-102 /registry/secrets/default/rot1",
            "TG-SEC-103 /registry/secrets/default/gone",
            "TG-SEC-103 /registry/secrets/default/plain1",
            "TG-SEC-104 /registry/secrets/default/bad",
            "TG-SEC-105 /registry/secrets/default/orphan",
        ], findings);
    }

    [Fact]
    public void Etcd_status_equals_etcdctl_snapshot_status_and_nothing_secret_is_printed()
    {
        StoredValueWriter.RequireLibsodium();
        using var etcd = EtcdServer.Start();
        Populate(etcd);
        var snapshot = etcd.SaveSnapshot("cluster.db");

        var status = Support.Cli.Run("etcd", "status", snapshot, "--format", "json");
        Assert.Equal(0, status.ExitCode);
        Assert.Equal(etcd.SnapshotStatus(snapshot), status.Stdout.Trim());

        var config = WriteEncryptionConfiguration(etcd.Directory);
        var check = Support.Cli.Run("etcd", "check", snapshot, "--encryption-config", config, "--format", "json");
        Assert.Equal(1, check.ExitCode);
        Assert.DoesNotContain("hunter", check.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(_secretboxKey), check.Stdout, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(check.Stdout);
        var entries = json.RootElement.GetProperty("inventory").EnumerateArray().ToList();
        Assert.Equal(_log.Count(w => !w.Tombstone && w.Key.StartsWith("/registry/secrets/", StringComparison.Ordinal)) - 1, entries.Count);
        Assert.Contains(entries, e => e.GetProperty("provider").GetString() == "kms-v2" && e.GetProperty("keyId").GetString() == "kid-7");
    }

    /// <summary>Writes the scenario; returns the revision it compacted to.</summary>
    private long Populate(EtcdServer etcd)
    {
        Put(etcd, "default/early", StoredValueWriter.ProtobufSecret("default", "early", "hunter-early"), StorageProvider.Identity, string.Empty);
        Put(etcd, "default/early", Secretbox("default/early"), StorageProvider.Secretbox, "key2", intact: true);
        var compactTo = _log[^1].Revision;
        etcd.Compact(compactTo);
        Put(etcd, "default/plain1", StoredValueWriter.ProtobufSecret("default", "plain1", "hunter-1"), StorageProvider.Identity, string.Empty);
        Put(etcd, "default/cbc1", StoredValueWriter.AesCbc("key1", _aescbcKey, Plain("default/cbc1")), StorageProvider.AesCbc, "key1", intact: true);
        Put(etcd, "default/box1", Secretbox("default/box1"), StorageProvider.Secretbox, "key2", intact: true);
        Put(etcd, "default/gcm1", StoredValueWriter.AesGcm("gk1", _aesgcmKey, Plain("default/gcm1"), "/registry/secrets/default/gcm1"), StorageProvider.AesGcm, "gk1", intact: true);
        Put(etcd, "default/kms1", StoredValueWriter.KmsV2("mykms", "kid-7"), StorageProvider.KmsV2, "mykms", kmsKeyId: "kid-7");
        Put(etcd, "kube-system/json1", StoredValueWriter.JsonSecret("kube-system", "json1", "hunter-json"), StorageProvider.Identity, string.Empty);
        Put(etcd, "default/plain1", Secretbox("default/plain1"), StorageProvider.Secretbox, "key2", intact: true);
        Put(etcd, "default/rot1", StoredValueWriter.AesCbc("key1", _aescbcKey, Plain("default/rot1")), StorageProvider.AesCbc, "key1", intact: true);
        Put(etcd, "default/gone", StoredValueWriter.ProtobufSecret("default", "gone", "hunter-gone"), StorageProvider.Identity, string.Empty);
        _log.Add(new Written("/registry/secrets/default/gone", etcd.Delete("/registry/secrets/default/gone"), StorageProvider.Identity, string.Empty, null, null, Tombstone: true));
        Put(etcd, "default/bad", StoredValueWriter.Secretbox("key2", RandomNumberGenerator.GetBytes(32), Plain("default/bad")), StorageProvider.Secretbox, "key2", intact: false);
        Put(etcd, "default/orphan", StoredValueWriter.AesCbc("key9", RandomNumberGenerator.GetBytes(32), Plain("default/orphan")), StorageProvider.AesCbc, "key9");
        Put(etcd, "default/cbc1", StoredValueWriter.AesCbc("key1", _aescbcKey, Plain("default/cbc1")), StorageProvider.AesCbc, "key1", intact: true);
        var configMap = "/registry/configmaps/default/cm";
        _log.Add(new Written(configMap, etcd.Put(configMap, Encoding.UTF8.GetBytes("{\"kind\":\"ConfigMap\"}")), StorageProvider.Identity, string.Empty, null, null, Tombstone: false));
        return compactTo;
    }

    private void Put(EtcdServer etcd, string name, byte[] value, StorageProvider provider, string keyName, bool? intact = null, string? kmsKeyId = null)
    {
        var key = "/registry/secrets/" + name;
        _log.Add(new Written(key, etcd.Put(key, value), provider, keyName, kmsKeyId, intact, Tombstone: false));
    }

    private byte[] Secretbox(string name) => StoredValueWriter.Secretbox("key2", _secretboxKey, Plain(name));

    private static byte[] Plain(string name) => StoredValueWriter.ProtobufSecret(name.Split('/')[0], name.Split('/')[1], "hunter-" + name);

    /// <summary>The secrets inventory etcd must hold after compaction (etcd keeps, per key, the newest revision at or below it unless that is a deletion).</summary>
    private List<InventoryEntry> Expected(long compactedAt)
    {
        var kept = new List<Written>();
        foreach (var history in _log.Where(w => w.Key.StartsWith("/registry/secrets/", StringComparison.Ordinal)).GroupBy(w => w.Key))
        {
            var revisions = history.OrderBy(w => w.Revision).ToList();
            var lastCompacted = revisions.LastOrDefault(w => w.Revision <= compactedAt);
            kept.AddRange(revisions.Where(w => w.Revision > compactedAt || (w == lastCompacted && !w.Tombstone)));
        }

        var latest = kept.GroupBy(w => w.Key).ToDictionary(g => g.Key, g => g.MaxBy(w => w.Revision)!);
        return [.. kept.Where(w => !w.Tombstone).OrderBy(w => w.Revision)
            .Select(w => new InventoryEntry(w.Key, w.Revision, latest[w.Key] == w, w.Provider, w.KeyName, w.KmsKeyId, w.Intact))];
    }

    private string WriteEncryptionConfiguration(string directory)
    {
        var path = Path.Combine(directory, "encryption.yaml");
        File.WriteAllText(path, $$"""
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
              - resources: [secrets]
                providers:
                  - secretbox:
                      keys: [{name: key2, secret: {{Convert.ToBase64String(_secretboxKey)}}}]
                  - aescbc:
                      keys: [{name: key1, secret: {{Convert.ToBase64String(_aescbcKey)}}}]
                  - aesgcm:
                      keys: [{name: gk1, secret: {{Convert.ToBase64String(_aesgcmKey)}}}]
                  - kms: {apiVersion: v2, name: mykms, endpoint: "unix:///var/run/kms.sock"}
                  - identity: {}
            """);
        return path;
    }

    private sealed record Written(string Key, long Revision, StorageProvider Provider, string KeyName, string? KmsKeyId, bool? Intact, bool Tombstone);
}
