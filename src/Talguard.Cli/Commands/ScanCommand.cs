using System.CommandLine;
using System.Net;
using Talguard.Findings;
using Talguard.Hardening.Network;
using Talguard.Model;
using Talguard.Services;

namespace Talguard.Cli.Commands;

/// <summary><c>talguard scan PATH...</c>: every rule over Talos configs and Kubernetes manifests.</summary>
public static class ScanCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Files or directories to scan (*.yaml, *.yml, recursively); - reads standard input",
            Arity = ArgumentArity.OneOrMore,
        };
        var talosVersion = new Option<string?>("--talos-version") { Description = "Target Talos version (default: the install image tag, else v1.13)" };
        var kubernetesVersion = new Option<string?>("--kubernetes-version") { Description = "Target Kubernetes version (default: the apiServer/kubelet image tag, else v1.34)" };
        var secureBootImages = new Option<string[]>("--secureboot-image")
        {
            Description = "Image prefix also accepted as a Secure Boot installer, e.g. an imager-built registry.example.com/talos/installer (repeatable)",
            Arity = ArgumentArity.ZeroOrMore,
            DefaultValueFactory = _ => [],
        };
        var managementCidrs = new Option<string[]>("--management-cidr")
        {
            Description = "Management network apid should be reachable from, e.g. 192.168.1.0/24 or one address (repeatable)",
            Arity = ArgumentArity.ZeroOrMore,
            DefaultValueFactory = _ => [],
        };
        var expiryWarning = ExpiryWarningOption(string.Empty);
        var maxAdminTtl = MaxAdminTtlOption();
        var merge = new Option<bool>("--merge")
        {
            Description = "Scan the first PATH (a Talos machine config) with the other PATHs applied as Talos patches (strategic merge or JSON 6902), in order",
        };
        var exclude = ExcludeOption();
        var pssDefaults = PssCommand.PssDefaultsOption();
        var baseline = new Option<string?>("--baseline")
        {
            Description = "Findings JSON of an earlier scan (scan --format json): report and fail only on findings it does not hold, matched by rule, file, YAML path and object, never by line",
            HelpName = "FILE",
        };
        var report = new ReportOptions(ReportOptions.DocumentFormats);
        var command = new Command("scan", "Scan Talos machine configs, patches and Kubernetes manifests for hardening gaps")
        {
            paths, talosVersion, kubernetesVersion, secureBootImages, managementCidrs, expiryWarning, maxAdminTtl, merge, exclude, pssDefaults, baseline,
        };
        report.AddTo(command);
        report.AddExceptionsTo(command);
        report.AddShowPatchTo(command);
        command.SetAction(parse =>
        {
            var scanned = parse.GetValue(paths)!;
            var options = new ScanOptions
            {
                Targets = new TargetOverrides(ParseVersion(parse.GetValue(talosVersion), "--talos-version"), ParseVersion(parse.GetValue(kubernetesVersion), "--kubernetes-version")),
                SecureBootImagePrefixes = parse.GetValue(secureBootImages) ?? [],
                ManagementNetworks = [.. (parse.GetValue(managementCidrs) ?? []).Select(ParseCidr)],
                ExpiryWarningDays = CheckExpiryWarning(parse.GetValue(expiryWarning)),
                MaxAdminTtl = ParseDuration(parse.GetValue(maxAdminTtl)!, "--max-admin-ttl"),
                Exceptions = report.LoadExceptions(parse, scanned),
                PodSecurityDefaults = PssCommand.ParsePssDefaults(parse.GetValue(pssDefaults)!),
            };
            if (parse.GetValue(merge) && scanned.Length < 2)
            {
                throw new UsageException("--merge: give the base config and at least one patch (scan --merge BASE PATCH...)");
            }

            var baselineFile = parse.GetValue(baseline);
            var previous = baselineFile is null ? null : Baseline.Load(baselineFile);
            var excluded = ExcludeGlobs(parse.GetValue(exclude));
            if (parse.GetValue(merge) && excluded.Count > 0)
            {
                throw new UsageException("--exclude and --merge exclude each other: --merge reads the files it is given, never a directory");
            }

            var scan = ProgressDisplay.Scan(parse.InvocationConfiguration.Error, progress => ScanService.Run(new ScanRequest
            {
                Paths = scanned,
                Merge = parse.GetValue(merge),
                Options = options,
                FailOn = report.FailOnThreshold(parse),
                StandardInput = StandardInput.Guard(Console.OpenStandardInput),
                MaxDegreeOfParallelism = Environment.ProcessorCount,
                ScanRegion = CollectionFreeRegion.For,
                Exclude = excluded,
                Progress = progress,
                Baseline = previous,
            }));
            var exceptionsFile = parse.GetValue(report.Exceptions)
                ?? SuppressionsFile.FindDefault(Directory.GetCurrentDirectory(), scanned.Where(p => p != InputLoader.StandardInputName));
            // Inputs that failed or were skipped are inputs too: -o must never replace one.
            report.Write(parse, scan.Report, parse.InvocationConfiguration.Output,
                [.. scan.Report.Files, .. scan.Report.Errors.Select(e => e.File), .. scan.Report.Skipped.Select(s => s.File), exceptionsFile, baselineFile]);
            InputErrorLines.Write(parse.InvocationConfiguration.Error, scan.Report);
            return ExitCodes.For(scan.Outcome);
        });
        return command;
    }

    /// <summary><c>--expiry-warning DAYS</c> of the verbs that judge certificates (scan, certs).</summary>
    internal static Option<int> ExpiryWarningOption(string alsoFor) => new("--expiry-warning")
    {
        Description = $"Report certificates expiring within DAYS, 0 to {MaxExpiryWarningDays} (TG-CERT-002{alsoFor})",
        HelpName = "DAYS",
        DefaultValueFactory = _ => 30,
    };

    /// <summary><c>--max-admin-ttl DURATION</c> of the verbs that judge talosconfigs (scan, certs).</summary>
    internal static Option<string> MaxAdminTtlOption() => new("--max-admin-ttl")
    {
        Description = "Longest acceptable os:admin talosconfig certificate lifetime, e.g. 8760h or 30d (TG-CERT-004)",
        HelpName = "DURATION",
        DefaultValueFactory = _ => "8760h",
    };

    /// <summary><c>--exclude GLOB</c> of the verbs that walk directories (scan, pss).</summary>
    internal static Option<string[]> ExcludeOption() => new("--exclude")
    {
        Description = "Skip files and folders under a directory PATH that match GLOB (repeatable): matched against the path relative to that " +
            "directory, * within one folder, ** across folders; a GLOB without / also matches a file or folder name at any depth " +
            "(--exclude charts, --exclude '*.tmpl.yaml', --exclude 'clusters/*/secrets/**'). Files named as a PATH are always read",
        HelpName = "GLOB",
        DefaultValueFactory = _ => [],
    };

    internal static IReadOnlyList<PathGlob> ExcludeGlobs(string[]? globs) =>
        [.. (globs ?? []).Select(glob =>
        {
            var text = glob.Replace('\\', '/');
            while (text.StartsWith("./", StringComparison.Ordinal))
            {
                text = text[2..];
            }

            return text.Length is > 0 and <= PathGlob.MaxLength
                ? new PathGlob(text)
                : throw new UsageException($"--exclude: '{glob}' is not a path glob like charts or 'vendor/**'");
        })];

    /// <summary>A century: any certificate is inside it, and today plus it is a date every check can compute.</summary>
    internal const int MaxExpiryWarningDays = 36500;

    internal static int CheckExpiryWarning(int days) =>
        days is >= 0 and <= MaxExpiryWarningDays ? days : throw new UsageException($"--expiry-warning: {days} days is outside 0 to {MaxExpiryWarningDays}");

    /// <summary>A CIDR, or a single address taken as its /32 (/128).</summary>
    private static IPNetwork ParseCidr(string text) =>
        Cidr.TryParse(text, out var network) ? network
        : Cidr.TryParseAddress(text, out var address) ? Cidr.Host(address)
        : throw new UsageException($"--management-cidr: '{text}' is not a CIDR like 192.168.1.0/24");

    internal static TalosVersion? ParseVersion(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        return TalosVersion.TryParse(text, out var version) ? version : throw new UsageException($"{option}: '{text}' is not a version like v1.13");
    }

    /// <summary>A Go-style duration (<c>8760h</c>, <c>1h30m</c>, <c>90s</c>) that also accepts days (<c>30d</c>).</summary>
    internal static TimeSpan ParseDuration(string text, string option)
    {
        var total = TimeSpan.Zero;
        var rest = text.AsSpan().Trim();
        while (!rest.IsEmpty)
        {
            var digits = 0;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            if (digits == 0 || digits == rest.Length || !long.TryParse(rest[..digits], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var amount))
            {
                throw new UsageException($"{option}: '{text}' is not a duration like 8760h or 30d");
            }

            var seconds = rest[digits] switch
            {
                'd' => 86400,
                'h' => 3600,
                'm' => 60,
                's' => 1,
                _ => throw new UsageException($"{option}: '{text}' is not a duration like 8760h or 30d"),
            };

            // Past 100 years a TTL limit means nothing; refusing it keeps TimeSpan arithmetic from overflowing.
            const long centurySeconds = 100L * 366 * 86400;
            if (amount > centurySeconds / seconds || total.TotalSeconds + (amount * seconds) > centurySeconds)
            {
                throw new UsageException($"{option}: '{text}' is longer than 100 years");
            }

            total += TimeSpan.FromSeconds(amount * seconds);

            rest = rest[(digits + 1)..];
        }

        return total > TimeSpan.Zero ? total : throw new UsageException($"{option}: '{text}' is not a duration like 8760h or 30d");
    }
}
