using System.Runtime.CompilerServices;
using Talguard.Findings;
using Talguard.Hardening.SecretsAtRest.Etcd;
using Talguard.Hardening.SecureBoot;
using Talguard.Services;

namespace Talguard.Tests.Samples;

/// <summary>
/// The binary samples of the Secure Boot (TG-BOOT-1xx) and etcd snapshot (TG-SEC-1xx) rules: in
/// <c>Samples/&lt;RULE-ID&gt;/</c>, each <c>fire.*</c> and <c>pass.*</c> file has a sidecar <c>&lt;file&gt;.expect</c> that lists,
/// one per line, every rule ID the file must report (none for a clean pass), and may give the verb's options as
/// <c>--name value</c> lines (files named relative to the sample; <c>--mode</c> sets the file mode the sample is
/// read with, since Git keeps no 0600). Snapshots (<c>.db</c>) run through <see cref="EtcdService"/>, node
/// SecurityState dumps (<c>.securitystate</c>) through <see cref="SecureBootService.Verify"/>, everything else through
/// <see cref="SecureBootService.Inspect"/>. The certificates, lists and updates were made with openssl, efitools'
/// cert-to-efi-sig-list and sign-efi-sig-list; the snapshots with etcd 3.4 and <c>etcdctl snapshot save</c>.
/// </summary>
public class BinarySampleTests
{
    private static readonly string Root = ThisDirectory();

    private static readonly string[] Families = ["TG-BOOT-1", "TG-SEC-1"];

    public static TheoryData<string, string> Samples()
    {
        var data = new TheoryData<string, string>();
        foreach (var directory in RuleDirectories())
        {
            foreach (var file in SampleFiles(directory))
            {
                data.Add(Path.GetFileName(directory), Path.GetFileName(file));
            }
        }

        return data;
    }

    [Fact]
    public void Every_secure_boot_and_etcd_snapshot_rule_has_a_firing_and_a_passing_sample()
    {
        var rules = SecureBootKeyRules.All.Concat(EtcdSnapshotRules.All).Select(r => r.Id).ToList();
        Assert.Equal(19, rules.Count);
        foreach (var rule in rules)
        {
            var directory = Path.Combine(Root, rule);
            Assert.True(Directory.Exists(directory), $"{rule} has no sample directory {directory}");
            var files = SampleFiles(directory).Select(Path.GetFileName).ToList();
            Assert.Contains(files, f => f!.StartsWith("fire", StringComparison.Ordinal));
            Assert.Contains(files, f => f!.StartsWith("pass", StringComparison.Ordinal));
        }

        Assert.Equal(rules.Order(StringComparer.Ordinal), RuleDirectories().Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_reports_exactly_the_rules_its_sidecar_lists(string rule, string sample)
    {
        var path = Path.Combine(Root, rule, sample);
        var expectation = Expectation.Read(path + ".expect");
        var fires = sample.StartsWith("fire", StringComparison.Ordinal);
        Assert.True(fires || sample.StartsWith("pass", StringComparison.Ordinal), $"{sample}: a sample is named fire.* or pass.*");
        Assert.Equal(fires, expectation.Rules.Contains(rule));
        Assert.True(new FileInfo(path).Length > 0, $"{path} is empty");

        using var input = expectation.Mode is { } mode ? new ModedCopy(path, mode) : null;
        var report = Run(input?.Path ?? path, expectation);

        Assert.Equal(expectation.Rules.Order(StringComparer.Ordinal), report.Findings.Select(f => f.RuleId).Distinct().Order(StringComparer.Ordinal));
        Assert.All(report.Findings, f => Assert.Equal(input?.Path ?? path, f.Location.File));
        Assert.All(report.Findings, f => Assert.True(f.Rule.Allows(f.Severity), $"{f.Rule.Id} reported {f.Severity.ToName()}, which its descriptor does not declare"));
    }

    private static ScanResult Run(string path, Expectation expectation)
    {
        switch (Path.GetExtension(path))
        {
            case ".db":
                using (var check = EtcdService.Check(new EtcdCheckRequest(path)
                {
                    Keys = expectation.Take("--encryption-config") is { } config ? new EtcdKeySource(EtcdKeySourceKind.EncryptionConfiguration, expectation.Beside(config)) : null,
                }))
                {
                    expectation.EnsureAllUsed();
                    return check.Report;
                }

            case ".securitystate":
                var verified = SecureBootService.Verify(new SecureBootVerifyRequest(path)
                {
                    UkiCertificate = expectation.Take("--uki-cert") is { } certificate ? expectation.Beside(certificate) : null,
                    PcrKey = expectation.Take("--pcr-key") is { } key ? expectation.Beside(key) : null,
                });
                expectation.EnsureAllUsed();
                return verified.Report;

            default:
                var inspected = SecureBootService.Inspect(new SecureBootInspectRequest
                {
                    Paths = [path],
                    Variable = expectation.Take("--var"),
                    OptionRoms = expectation.Take("--hardware") == "option-roms",
                    ExpiryWarningDays = expectation.Take("--expiry-warning") is { } days ? int.Parse(days, System.Globalization.CultureInfo.InvariantCulture) : 90,
                });
                expectation.EnsureAllUsed();
                return inspected.Report;
        }
    }

    private static IEnumerable<string> RuleDirectories() =>
        Directory.GetDirectories(Root).Where(d => Families.Any(f => Path.GetFileName(d).StartsWith(f, StringComparison.Ordinal))).Order(StringComparer.Ordinal);

    private static IEnumerable<string> SampleFiles(string directory) =>
        Directory.GetFiles(directory).Where(f => File.Exists(f + ".expect")).Order(StringComparer.Ordinal);

    private static string ThisDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    /// <summary>A sidecar: the rule IDs that must fire and the options, each of which the run must use.</summary>
    private sealed class Expectation
    {
        private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);

        private Expectation(string directory) => Directory = directory;

        public string Directory { get; }

        public HashSet<string> Rules { get; } = new(StringComparer.Ordinal);

        public UnixFileMode? Mode { get; private set; }

        public static Expectation Read(string sidecar)
        {
            Assert.True(File.Exists(sidecar), $"{sidecar} is missing");
            var expectation = new Expectation(Path.GetDirectoryName(sidecar)!);
            foreach (var line in File.ReadAllLines(sidecar).Select(l => l.Trim()).Where(l => l.Length > 0))
            {
                if (line.StartsWith("--", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
                    Assert.True(parts.Length == 2, $"{sidecar}: option '{line}' has no value");
                    expectation._options.Add(parts[0], parts[1]);
                }
                else
                {
                    Assert.Matches("^TG-(BOOT|SEC)-1[0-9]{2}$", line);
                    expectation.Rules.Add(line);
                }
            }

            if (expectation.Take("--mode") is { } mode)
            {
                expectation.Mode = (UnixFileMode)Convert.ToInt32(mode, 8);
            }

            return expectation;
        }

        public string? Take(string option) => _options.Remove(option, out var value) ? value : null;

        public string Beside(string file) => Path.Combine(Directory, file);

        /// <summary>An option the run did not apply would leave the sample judged under other settings than it says.</summary>
        public void EnsureAllUsed() => Assert.Empty(_options.Keys);
    }

    /// <summary>The sample copied to a temporary directory with the mode its sidecar gives.</summary>
    private sealed class ModedCopy : IDisposable
    {
        private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("talguard-sample-").FullName;

        public ModedCopy(string source, UnixFileMode mode)
        {
            Path = System.IO.Path.Combine(_directory, System.IO.Path.GetFileName(source));
            File.Copy(source, Path);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Path, mode);
            }
        }

        public string Path { get; }

        public void Dispose() => System.IO.Directory.Delete(_directory, recursive: true);
    }
}
