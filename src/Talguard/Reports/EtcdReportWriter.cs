using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Talguard.Hardening.SecretsAtRest.Etcd;
using Talguard.Services;

namespace Talguard.Reports;

/// <summary>The etcd verbs' own output: <c>etcd status</c> as etcdctl prints it, and the members <c>etcd check --format json</c> adds.</summary>
public static class EtcdReportWriter
{
    /// <summary><c>etcdctl snapshot status -w json</c>'s line: the hash in decimal.</summary>
    public static string StatusJson(SnapshotStatus status) =>
        JsonSerializer.Serialize(new SnapshotStatusJson(status.Hash, status.Revision, status.TotalKey, status.TotalSize), ContractJsonContext.Default.SnapshotStatusJson);

    /// <summary><c>etcdctl snapshot status</c>'s simple line: the hash in hexadecimal.</summary>
    public static string StatusText(SnapshotStatus status) =>
        string.Create(CultureInfo.InvariantCulture, $"hash {status.Hash:x8}, revision {status.Revision}, total keys {status.TotalKey}, total size {status.TotalSize}");

    /// <summary>The <c>snapshot</c>, <c>totals</c> and <c>inventory</c> members, the inventory streamed from the snapshot as it is written.</summary>
    public static void WriteCheckMembers(Utf8JsonWriter json, EtcdCheckResult result)
    {
        var status = result.Status;
        var outcome = result.Check;
        json.WritePropertyName("snapshot");
        var snapshot = new SnapshotJson(status.Hash, status.Revision, status.TotalKey, status.TotalSize, outcome.ConsistentIndex, outcome.CompactedRevision);
        JsonSerializer.Serialize(json, snapshot, ContractJsonContext.Default.SnapshotJson);
        json.WritePropertyName("totals");
        IReadOnlyList<ProviderTotalJson> totals = [.. outcome.Totals.Select(total => new ProviderTotalJson(total.Resource, total.Provider.ToName(), total.KeyName, total.Current, total.Older))];
        JsonSerializer.Serialize(json, totals, ContractJsonContext.Default.IReadOnlyListProviderTotalJson);

        // One entry at a time: a snapshot's inventory is never held in memory.
        json.WriteStartArray("inventory");
        result.WriteInventory(entry => JsonSerializer.Serialize(
            json,
            new InventoryEntryJson(entry.Key, entry.Revision, entry.Current, entry.Provider.ToName(), entry.KeyName, entry.KmsKeyId, entry.Intact),
            ContractJsonContext.Default.InventoryEntryJson));
        json.WriteEndArray();
    }
}

/// <summary><c>etcd status -f json</c>: etcdctl's <c>snapshot status -w json</c> line.</summary>
internal sealed record SnapshotStatusJson(
    [property: JsonPropertyName("hash")] uint Hash,
    [property: JsonPropertyName("revision")] long Revision,
    [property: JsonPropertyName("totalKey")] long TotalKey,
    [property: JsonPropertyName("totalSize")] long TotalSize);

/// <summary><c>etcd check</c>'s <c>snapshot</c> member; a never-compacted history has a null <c>compactedRevision</c>.</summary>
internal sealed record SnapshotJson(
    [property: JsonPropertyName("hash")] uint Hash,
    [property: JsonPropertyName("revision")] long Revision,
    [property: JsonPropertyName("totalKey")] long TotalKey,
    [property: JsonPropertyName("totalSize")] long TotalSize,
    [property: JsonPropertyName("consistentIndex")] long ConsistentIndex,
    [property: JsonPropertyName("compactedRevision")] long? CompactedRevision);

/// <summary>One row of <c>etcd check</c>'s <c>totals</c>: a resource's current and older revisions under one provider and key.</summary>
internal sealed record ProviderTotalJson(
    [property: JsonPropertyName("resource")] string Resource,
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("keyName")] string KeyName,
    [property: JsonPropertyName("current")] int Current,
    [property: JsonPropertyName("older")] int Older);

/// <summary>One stored revision of <c>etcd check</c>'s <c>inventory</c>; <c>keyId</c> only for KMS, <c>intact</c> null when unknown.</summary>
internal sealed record InventoryEntryJson(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("revision")] long Revision,
    [property: JsonPropertyName("current")] bool Current,
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("keyName")] string KeyName,
    [property: JsonPropertyName("keyId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? KeyId,
    [property: JsonPropertyName("intact")] bool? Intact);
