using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Talguard.Formats;
using Talguard.Hardening.SecretsAtRest.Etcd;
using Talguard.Reports;

namespace Talguard.Cli.Commands;

/// <summary><c>talguard etcd status|check SNAPSHOT</c>: read an etcd snapshot offline (never a live etcd).</summary>
public static class EtcdCommand
{
    public static Command Create() => new("etcd", "Inspect etcd snapshots (etcdctl/talosctl etcd snapshot files) offline")
    {
        CreateStatus(),
        CreateCheck(),
    };

    /// <summary>Named after etcdutl's flag; the trailer is otherwise hashed on a second core while the snapshot is read.</summary>
    private static Option<bool> SkipHashCheckOption() => new("--skip-hash-check")
    {
        Description = "Do not verify the snapshot's SHA-256 trailer (faster; only for a copy you trust)",
    };

    private static Argument<string> SnapshotArgument() => new("SNAPSHOT") { Description = "An etcd snapshot (etcdctl snapshot save, talosctl etcd snapshot) or a member/snap/db file" };

    private static Command CreateStatus()
    {
        var snapshot = SnapshotArgument();
        var format = new Option<string>("--format", "-f") { Description = "Output format: table|json (json has etcdctl's keys)", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var skipHashCheck = SkipHashCheckOption();
        var command = new Command("status", "Hash, revision, key count and size, exactly as `etcdctl snapshot status` computes them") { snapshot, format, skipHashCheck };
        command.SetAction(parse =>
        {
            using var database = BoltDatabase.Open(parse.GetValue(snapshot)!, verifyTrailer: !parse.GetValue(skipHashCheck));
            var status = SnapshotStatus.Compute(database);
            if (database.TrailerSkipped)
            {
                // stderr, so that stdout stays byte-for-byte what etcdctl prints.
                parse.InvocationConfiguration.Error.WriteLine("talguard: note: " + SnapshotCheck.TrailerSkippedNotice);
            }

            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(format) == "json")
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"hash\":{status.Hash},\"revision\":{status.Revision},\"totalKey\":{status.TotalKey},\"totalSize\":{status.TotalSize}}}"));
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hash {status.Hash:x8}, revision {status.Revision}, total keys {status.TotalKey}, total size {status.TotalSize}"));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateCheck()
    {
        var snapshot = SnapshotArgument();
        var encryptionConfig = new Option<string?>("--encryption-config") { Description = "The apiserver EncryptionConfiguration (or a Talos KubeEtcdEncryptionConfig)", HelpName = "FILE" };
        var talosSecrets = new Option<string?>("--talos-secrets") { Description = "A talosctl gen secrets bundle (secrets.yaml)", HelpName = "FILE" };
        var talosConfig = new Option<string?>("--config") { Description = "A Talos controlplane machine config", HelpName = "FILE" };
        var resources = new Option<string[]>("--resource")
        {
            Description = "Resource to examine under /registry/<resource>/ (repeatable; default secrets)",
            DefaultValueFactory = _ => ["secrets"],
            AllowMultipleArgumentsPerToken = false,
        };
        var skipHashCheck = SkipHashCheckOption();
        var report = new ReportOptions();
        var command = new Command("check", "Verify every Secret in a snapshot is encrypted, by which provider and key; with keys, check each decrypts")
        {
            snapshot, encryptionConfig, talosSecrets, talosConfig, resources, skipHashCheck,
        };
        report.AddTo(command);
        command.SetAction(parse =>
        {
            var inputs = new[] { parse.GetValue(snapshot), parse.GetValue(encryptionConfig), parse.GetValue(talosSecrets), parse.GetValue(talosConfig) };
            OutputTarget.EnsureNotAnInput(parse.GetValue(report.Output), "-o", inputs);
            var options = new SnapshotCheckOptions
            {
                Resources = [.. parse.GetValue(resources)!.Select(CheckResource).Distinct(StringComparer.Ordinal)],
                Keys = LoadKeys(parse.GetValue(encryptionConfig), parse.GetValue(talosSecrets), parse.GetValue(talosConfig)),
            };
            using var database = BoltDatabase.Open(parse.GetValue(snapshot)!, verifyTrailer: !parse.GetValue(skipHashCheck));
            var check = new SnapshotCheck(database, options);
            var outcome = check.Run();
            return report.Emit(parse, outcome.Result, parse.InvocationConfiguration.Output, inputs, json => WriteExtras(json, SnapshotStatus.Compute(database), outcome, check));
        });
        return command;
    }

    /// <summary>
    /// A resource as etcd keys name it (<c>secrets</c>, <c>cert-manager.io/certificates</c>): lowercase segments of
    /// letters, digits, dots and dashes. Anything else matches no key, so the check would pass without examining anything.
    /// </summary>
    private static string CheckResource(string resource)
    {
        var segments = resource.Split('/');
        return segments.All(s => s.Length > 0 && s != "." && s != ".." && s.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-'))
            ? resource
            : throw new UsageException($"--resource: '{resource}' is not a resource name like secrets or cert-manager.io/certificates");
    }

    private static EncryptionKeyring? LoadKeys(string? encryptionConfig, string? talosSecrets, string? talosConfig)
    {
        if (new[] { encryptionConfig, talosSecrets, talosConfig }.Count(o => o is not null) > 1)
        {
            throw new UsageException("give at most one of --encryption-config, --talos-secrets and --config");
        }

        return encryptionConfig is not null ? EncryptionKeyring.FromEncryptionConfiguration(encryptionConfig)
            : talosSecrets is not null ? EncryptionKeyring.FromTalosSecretsBundle(talosSecrets)
            : talosConfig is not null ? EncryptionKeyring.FromTalosConfig(talosConfig)
            : null;
    }

    private static void WriteExtras(Utf8JsonWriter json, SnapshotStatus status, SnapshotCheckResult outcome, SnapshotCheck check)
    {
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
        check.WriteInventory(entry =>
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
