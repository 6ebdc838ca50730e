using System.Security.Cryptography.X509Certificates;
using Talguard.Findings;
using Talguard.Hardening.Certificates;
using Talguard.Model;

namespace Talguard.Services;

/// <summary>What <c>talguard certs PATH...</c> asks for.</summary>
public sealed record CertificatesRequest
{
    /// <summary>Files and directories: secrets bundles, machine configs, talosconfigs, kubeconfigs, PEM and DER files.</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary>The clock, days left and TG-CERT-002/004 limits are judged against (<see cref="ScanOptions.Now"/>, <see cref="ScanOptions.ExpiryWarningDays"/>, <see cref="ScanOptions.MaxAdminTtl"/>).</summary>
    public ScanOptions Options { get; init; } = new();

    public Severity? FailOn { get; init; } = Severity.High;

    /// <summary>Globs of files and folders that directory walks skip (as <c>scan --exclude</c>).</summary>
    public IReadOnlyList<PathGlob> Exclude { get; init; } = [];
}

/// <summary>Every certificate found, in file and line order, with the CERT findings over them.</summary>
public sealed record CertificatesResult(IReadOnlyList<CertificateRecord> Certificates, ScanResult Report, ServiceOutcome Outcome, DateTimeOffset Now, int ExpiryWarningDays)
{
    /// <summary>Certificates expired or expiring within the warning window: what the rotation runbook covers.</summary>
    public IEnumerable<CertificateRecord> Expiring => Certificates.Where(c => c.DaysLeft < ExpiryWarningDays);
}

/// <summary>
/// Finds certificates and keys in the inputs, checks each chain against the CAs among them and runs the CERT rules.
/// Input is read strictly: a damaged field or file is an <see cref="InputException"/> naming it, and nothing is reported.
/// </summary>
public static class CertificatesService
{

    private static readonly HashSet<string> YamlExtensions = new(StringComparer.OrdinalIgnoreCase) { ".yaml", ".yml", ".talosconfig", ".kubeconfig" };

    private static readonly HashSet<string> CertificateExtensions = new(StringComparer.OrdinalIgnoreCase) { ".pem", ".crt", ".cer", ".cert", ".der", ".key" };

    public static CertificatesResult Run(CertificatesRequest request)
    {
        var yaml = new List<SourceFile>();
        var files = new List<CertificateFile>();
        var displays = new List<string>();
        foreach (var (display, full, named) in List(request.Paths, request.Exclude))
        {
            var bytes = BoundedFile.ReadAllBytes(display, full, InputLoader.MaxFileBytes);
            var name = Path.GetFileName(full);
            var extension = Path.GetExtension(name);
            var isCertificateFile = CertificateExtensions.Contains(extension)
                || (named && !YamlExtensions.Contains(extension) && (bytes is [0x30, ..] || PemBlocks.LooksLikePem(System.Text.Encoding.UTF8.GetString(bytes))));
            if (isCertificateFile)
            {
                files.Add(CertificateInventory.ReadFile(display, bytes));
            }
            else
            {
                var source = InputLoader.Parse(display, full, InputLoader.Decode(display, bytes));
                if (!named && !source.Documents.Any(HoldsCertificates))
                {
                    continue;
                }

                yaml.Add(source);
            }

            displays.Add(display);
        }

        var model = new ClusterModel(yaml, request.Options.Targets);
        CertificateInventory.Attach(model, files);
        using var inventory = new CertificateInventory(model);
        if (inventory.Problems.OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).FirstOrDefault() is { } problem)
        {
            throw problem;
        }

        var scanned = Scanner.Scan(model, request.Options, CertificatesRules.Instance.ScanRules);
        var report = new ScanResult(scanned.Findings, scanned.TalosVersion, scanned.KubernetesVersion, scanned.Notices, displays)
        {
            Targets = scanned.Targets,
            RulesByFile = scanned.RulesByFile,
        };
        var records = Records(inventory, request.Options.Now);
        files.ForEach(f => f.Certificates.ToList().ForEach(c => c.Certificate.Dispose()));
        return new CertificatesResult(records, report, ServiceOutcomes.Of(report, request.FailOn), request.Options.Now, request.Options.ExpiryWarningDays);
    }

    private static bool HoldsCertificates(LocatedDocument document) =>
        document.Class is DocumentClass.TalosClientConfig or DocumentClass.TalosSecretsBundle or DocumentClass.TalosMachineConfig or DocumentClass.TalosDocument
        || (document.Class == DocumentClass.KubernetesObject && CertificateInventory.IsKubeconfig(document));

    /// <summary>One record per certificate, each chain checked against every certificate among the inputs.</summary>
    private static List<CertificateRecord> Records(CertificateInventory inventory, DateTimeOffset now)
    {
        var bySubject = inventory.All
            .GroupBy(f => Convert.ToHexString(f.Certificate.SubjectName.RawData), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.DistinctBy(f => Convert.ToHexString(f.Certificate.RawDataMemory.Span)).ToList(), StringComparer.Ordinal);
        var verdicts = new Dictionary<string, (ChainStatus, string?)>(StringComparer.Ordinal);
        var records = new List<CertificateRecord>(inventory.All.Count);
        foreach (var found in inventory.All)
        {
            var raw = Convert.ToHexString(found.Certificate.RawDataMemory.Span);
            if (!verdicts.TryGetValue(raw, out var verdict))
            {
                verdict = Chain(found.Certificate, bySubject, now);
                verdicts[raw] = verdict;
            }

            records.Add(CertificateRecord.Of(found, now, verdict.Item1, verdict.Item2));
        }

        records.Sort((a, b) =>
        {
            var order = string.CompareOrdinal(a.File, b.File);
            order = order != 0 ? order : a.Line.CompareTo(b.Line);
            order = order != 0 ? order : string.CompareOrdinal(a.Where, b.Where);
            return order != 0 ? order : string.CompareOrdinal(a.Serial, b.Serial);
        });
        return records;
    }

    private static (ChainStatus, string?) Chain(X509Certificate2 certificate, Dictionary<string, List<FoundCertificate>> bySubject, DateTimeOffset now)
    {
        var issuerName = Convert.ToHexString(certificate.IssuerName.RawData);
        if (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData))
        {
            return (SignsItself(certificate, now) ? ChainStatus.SelfSigned : ChainStatus.SignatureInvalid, null);
        }

        if (!bySubject.TryGetValue(issuerName, out var candidates))
        {
            return (ChainStatus.IssuerNotInInputs, null);
        }

        foreach (var candidate in candidates.Where(c => c.Certificate.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span) is false))
        {
            if (CertificateInventory.IsSignedBy(certificate, candidate.Certificate, now))
            {
                var place = candidate.Place.Line > 0 ? $"{candidate.Place.File}:{candidate.Place.Line}" : candidate.Place.File;
                return (ChainStatus.Verified, $"{place} {candidate.Where}");
            }
        }

        return (ChainStatus.SignatureInvalid, null);
    }

    /// <summary>A self-issued certificate whose signature verifies with its own key.</summary>
    private static bool SignsItself(X509Certificate2 certificate, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreWrongUsage |
            X509VerificationFlags.IgnoreInvalidBasicConstraints | X509VerificationFlags.IgnoreInvalidPolicy;
        try
        {
            return chain.Build(certificate) && chain.ChainElements.Count == 1;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// The files to read, in command-line order and, within a directory, in ordinal path order: YAML, talosconfig and
    /// kubeconfig names, and certificate and key extensions; hidden entries and <paramref name="exclude"/> matches are
    /// skipped. A file named on the command line is always read. A path that cannot be listed is an input error.
    /// </summary>
    private static List<(string Display, string Full, bool Named)> List(IReadOnlyList<string> paths, IReadOnlyList<PathGlob> exclude)
    {
        var listed = new List<(string, string, bool)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (path.Length == 0 || path == InputLoader.StandardInputName)
            {
                throw new InputException(path.Length == 0 ? "empty path (\"\") given as an input" : "certs reads files and directories, not standard input");
            }

            var display = path.Replace('\\', '/');
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                if (seen.Add(full))
                {
                    listed.Add((display, full, true));
                }
            }
            else if (Directory.Exists(full))
            {
                Walk(display.TrimEnd('/'), full, full, exclude, listed, seen);
            }
            else
            {
                throw new InputException(display, "no such file or directory");
            }
        }

        return listed;
    }

    private static void Walk(string prefix, string root, string directory, IReadOnlyList<PathGlob> exclude, List<(string, string, bool)> listed, HashSet<string> seen)
    {
        string[] entries;
        try
        {
            entries = [.. Directory.EnumerateFileSystemEntries(directory)];
        }
        catch (UnauthorizedAccessException)
        {
            throw new InputException(Join(prefix, Path.GetRelativePath(root, directory)), "permission denied");
        }

        Array.Sort(entries, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var name = Path.GetFileName(entry);
            var relative = Path.GetRelativePath(root, entry).Replace('\\', '/');
            if (name.StartsWith('.') || exclude.Any(g => g.IsMatch(relative) || (!g.Text.Contains('/', StringComparison.Ordinal) && g.IsMatch(name))))
            {
                continue;
            }

            if (Directory.Exists(entry))
            {
                // A link back up the tree would walk for ever: each folder is entered once.
                if (seen.Add(Path.GetFullPath(new DirectoryInfo(entry).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? entry)))
                {
                    Walk(prefix, root, entry, exclude, listed, seen);
                }
            }
            else if ((IsCredentialName(name) || YamlExtensions.Contains(Path.GetExtension(name)) || CertificateExtensions.Contains(Path.GetExtension(name)))
                && File.Exists(entry) && seen.Add(Path.GetFullPath(entry)))
            {
                listed.Add((Join(prefix, relative), entry, false));
            }
        }
    }

    /// <summary>Names a directory walk reads as YAML besides <c>*.yaml</c> and <c>*.yml</c>: the files talosctl and kubectl write (<c>talosconfig</c>, <c>kubeconfig</c>, <c>config</c>) and names that start like them (<c>talosconfig-prod</c>).</summary>
    private static bool IsCredentialName(string name) =>
        name == "config" || name.StartsWith("talosconfig", StringComparison.Ordinal) || name.StartsWith("kubeconfig", StringComparison.Ordinal);

    private static string Join(string prefix, string relative) =>
        relative == "." ? prefix : prefix.Length == 0 || prefix == "." ? relative : prefix + "/" + relative;
}
