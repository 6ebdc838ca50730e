using System.Globalization;
using System.Text.Json;
using Talguard.Hardening.SecretsAtRest.Etcd;
using Talguard.Services;

namespace Talguard.Reports;

/// <summary>The etcd verbs' own output: <c>etcd status</c> as etcdctl prints it, and the members <c>etcd check --format json</c> adds.</summary>
public static class EtcdReportWriter
{
    /// <summary><c>etcdctl snapshot status -w json</c>'s line: the hash in decimal.</summary>
    public static string StatusJson(SnapshotStatus status) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"hash\":{status.Hash},\"revision\":{status.Revision},\"totalKey\":{status.TotalKey},\"totalSize\":{status.TotalSize}}}");

    /// <summary><c>etcdctl snapshot status</c>'s simple line: the hash in hexadecimal.</summary>
    public static string StatusText(SnapshotStatus status) =>
        string.Create(CultureInfo.InvariantCulture, $"hash {status.Hash:x8}, revision {status.Revision}, total keys {status.TotalKey}, total size {status.TotalSize}");

    /// <summary>The <c>snapshot</c>, <c>totals</c> and <c>inventory</c> members, the inventory streamed from the snapshot as it is written.</summary>
    public static void WriteCheckMembers(Utf8JsonWriter json, EtcdCheckResult result)
    {
        var status = result.Status;
        var outcome = result.Check;
        json.WriteStartObject("snapshot");
        json.WriteNumber("hash", status.Hash);
        json.WriteNumber("revision", status.Revision);
        json.WriteNumber("totalKey", status.TotalKey);
        json.WriteNumber("totalSize", status.TotalSize);
        json.WriteNumber("consistentIndex", outcome.ConsistentIndex);
        WriteNullable(json, "compactedRevision", outcome.CompactedRevision);

        json.WriteEndObject();
        json.WriteStartArray("totals");
        foreach (var total in outcome.Totals)
        {
            json.WriteStartObject();
            json.WriteString("resource", total.Resource);
            json.WriteString("provider", total.Provider.ToName());
            json.WriteString("keyName", total.KeyName);
            json.WriteNumber("current", total.Current);
            json.WriteNumber("older", total.Older);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("inventory");
        result.WriteInventory(entry =>
        {
            json.WriteStartObject();
            json.WriteString("key", entry.Key);
            json.WriteNumber("revision", entry.Revision);
            json.WriteBoolean("current", entry.Current);
            json.WriteString("provider", entry.Provider.ToName());
            json.WriteString("keyName", entry.KeyName);
            if (entry.KmsKeyId is not null)
            {
                json.WriteString("keyId", entry.KmsKeyId);
            }

            WriteNullable(json, "intact", entry.Intact);
            json.WriteEndObject();
        });
        json.WriteEndArray();
    }

    private static void WriteNullable<T>(Utf8JsonWriter json, string name, T? value)
        where T : struct
    {
        json.WritePropertyName(name);
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case long number:
                json.WriteNumberValue(number);
                break;
            default:
                throw new ArgumentException($"unsupported JSON value type {typeof(T).Name}", nameof(value));
        }
    }
}
