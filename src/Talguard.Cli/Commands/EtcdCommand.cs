using System.CommandLine;
using Talguard.Reports;
using Talguard.Services;

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
            var status = ProgressDisplay.Snapshot(parse.InvocationConfiguration.Error, progress =>
                EtcdService.Status(new EtcdStatusRequest(parse.GetValue(snapshot)!) { VerifyTrailer = !parse.GetValue(skipHashCheck), Progress = progress }));
            foreach (var notice in status.Notices)
            {
                // stderr, so that stdout stays byte-for-byte what etcdctl prints.
                parse.InvocationConfiguration.Error.WriteLine("talguard: note: " + notice);
            }

            var output = parse.InvocationConfiguration.Output;
            output.WriteLine(parse.GetValue(format) == "json" ? EtcdReportWriter.StatusJson(status.Status) : EtcdReportWriter.StatusText(status.Status));
            return ExitCodes.For(status.Outcome);
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
            Description = "Another resource to examine under /registry/<resource>/, besides secrets (repeatable)",
            DefaultValueFactory = _ => [],
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
            var request = new EtcdCheckRequest(parse.GetValue(snapshot)!)
            {
                // Secrets are always examined; --resource adds to them, as docs/etcd.md says.
                Resources = [.. parse.GetValue(resources)!.Select(CheckResource).Prepend("secrets").Distinct(StringComparer.Ordinal)],
                Keys = KeySource(parse.GetValue(encryptionConfig), parse.GetValue(talosSecrets), parse.GetValue(talosConfig)),
                VerifyTrailer = !parse.GetValue(skipHashCheck),
                FailOn = report.FailOnThreshold(parse),
            };
            using var check = ProgressDisplay.Snapshot(parse.InvocationConfiguration.Error, progress => EtcdService.Check(request with { Progress = progress }));
            report.Write(parse, check.Report, parse.InvocationConfiguration.Output, inputs, json => EtcdReportWriter.WriteCheckMembers(json, check));
            return ExitCodes.For(check.Outcome);
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

    private static EtcdKeySource? KeySource(string? encryptionConfig, string? talosSecrets, string? talosConfig)
    {
        if (new[] { encryptionConfig, talosSecrets, talosConfig }.Count(o => o is not null) > 1)
        {
            throw new UsageException("give at most one of --encryption-config, --talos-secrets and --config");
        }

        return encryptionConfig is not null ? new EtcdKeySource(EtcdKeySourceKind.EncryptionConfiguration, encryptionConfig)
            : talosSecrets is not null ? new EtcdKeySource(EtcdKeySourceKind.TalosSecretsBundle, talosSecrets)
            : talosConfig is not null ? new EtcdKeySource(EtcdKeySourceKind.TalosConfig, talosConfig)
            : null;
    }
}
