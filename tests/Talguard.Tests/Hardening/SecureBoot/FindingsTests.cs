using System.Security.Cryptography;
using System.Text.Json;
using Talguard.Findings;
using Talguard.Formats;
using Talguard.Hardening.SecureBoot;
using Talguard.Tests.Support;
using static Talguard.Tests.Hardening.SecureBoot.SecureBootFixtures;

namespace Talguard.Tests.Hardening.SecureBoot;

public class FindingsTests
{
    private static IReadOnlyList<Finding> InspectList(string name, InspectOptions options, params System.Security.Cryptography.X509Certificates.X509Certificate2[] certificates)
    {
        var esl = EfiSignatureList.WriteAll(certificates.Select(c => EfiSignatureList.ForCertificate(Guid.NewGuid(), c.RawData)));
        var inspector = new SecureBootInspector(options);
        inspector.InspectFile(name, esl);
        return inspector.Findings;
    }

    [Fact]
    public void A_pkfail_test_key_is_critical()
    {
        using var testKey = Certificate("CN=DO NOT TRUST - AMI Test PK");

        var finding = Assert.Single(InspectList("PK.esl", new InspectOptions(), testKey));

        Assert.Equal("TG-BOOT-105", finding.RuleId);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal("lists[0].entries[0]", finding.Location.Path);
    }

    [Fact]
    public void Weak_sha1_expired_and_expiring_certificates_are_reported()
    {
        using var weak = Certificate("CN=Weak", keySize: 1024);
        using var sha1 = Certificate("CN=Old", hash: HashAlgorithmName.SHA1);
        using var expired = Certificate("CN=Expired", notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        using var expiring = Certificate("CN=Expiring", notAfter: DateTimeOffset.UtcNow.AddDays(10));

        var findings = InspectList("KEK.esl", new InspectOptions(), weak, sha1, expired, expiring);

        Assert.Equal(["TG-BOOT-101", "TG-BOOT-102", "TG-BOOT-103", "TG-BOOT-104"], findings.Select(f => f.RuleId).Order(StringComparer.Ordinal));
        Assert.Contains(findings, f => f.RuleId == "TG-BOOT-103" && f.Location.Path == "lists[0].entries[0]");
    }

    [Fact]
    public void Revoked_certificates_in_dbx_are_not_judged()
    {
        using var testKey = Certificate("CN=DO NOT SHIP", keySize: 1024);

        Assert.Empty(InspectList("dbx.esl", new InspectOptions(), testKey));
    }

    [Fact]
    public void A_db_without_the_microsoft_uefi_ca_is_a_bricking_risk_only_with_option_roms()
    {
        using var ours = Certificate("CN=Our db");
        using var microsoft = Certificate("CN=Microsoft UEFI CA 2023, O=Microsoft Corporation");

        Assert.Empty(InspectList("db.esl", new InspectOptions(), ours));
        Assert.Equal("TG-BOOT-106", Assert.Single(InspectList("db.esl", new InspectOptions { OptionRoms = true }, ours)).RuleId);
        Assert.Empty(InspectList("db.esl", new InspectOptions { OptionRoms = true }, ours, microsoft));
        Assert.Empty(InspectList("KEK.esl", new InspectOptions { OptionRoms = true }, ours));
    }

    [Fact]
    public void The_talos_pem_quirk_is_flagged_and_the_certificate_still_read()
    {
        var inspector = new SecureBootInspector(new InspectOptions());

        var node = inspector.InspectFile("talos-style-pem.esl", VectorBytes("esl/talos-style-pem.esl"));

        var entry = node.Children[0].Children[0];
        Assert.Contains(entry.Properties, p => p.Key == "subject" && p.Value == "CN=Test db");
        Assert.Equal("TG-BOOT-108", Assert.Single(inspector.Findings).RuleId);
    }

    [Fact]
    public void An_efivarfs_dump_is_read_as_attributes_and_a_list_named_by_its_file()
    {
        using var ours = Certificate("CN=Our db");
        byte[] dump = [0x27, 0, 0, 0, .. EfiSignatureList.ForCertificate(Guid.NewGuid(), ours.RawData).ToBytes()];
        var inspector = new SecureBootInspector(new InspectOptions { OptionRoms = true });

        var node = inspector.InspectFile("db-d719b2cb-3d3a-4596-a3bc-dad00e67656f", dump);

        Assert.Equal("efivar", node.Kind);
        Assert.Contains(node.Properties, p => p.Key == "attributes" && p.Value == "0x00000027 NV|BS|RT|TIME_BASED_AUTHENTICATED_WRITE");
        Assert.Contains(node.Properties, p => p.Key == "variable" && p.Value == "db");
        Assert.Equal("TG-BOOT-106", Assert.Single(inspector.Findings).RuleId);
    }

    [Fact]
    public void Keys_refuses_an_output_path_that_is_a_file()
    {
        using var temp = new TemporaryDirectory();
        var file = Path.Combine(temp.Path, "not-a-directory");
        File.WriteAllText(file, "x");

        var outcome = Support.Cli.Run("secureboot", "keys", "--out", file);

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith($"talguard: --out {file}: cannot create the directory", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_readable_private_key_is_reported_without_its_content()
    {
        Support.Skip.When(OperatingSystem.IsWindows(), "file modes are POSIX");
        using var temp = new TemporaryDirectory();
        var path = Path.Combine(temp.Path, "db.key");
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportPkcs8PrivateKeyPem();
        File.WriteAllText(path, pem);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        }

        var outcome = Support.Cli.Run("secureboot", "inspect", path, "--format", "json");

        Assert.Equal(1, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal("TG-BOOT-107", json.RootElement.GetProperty("findings")[0].GetProperty("ruleId").GetString());
        Assert.DoesNotContain(pem.Split('\n')[1], outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_data_file_of_the_shared_vectors_parses_and_the_catalog_knows_every_id()
    {
        var root = Vector(string.Empty);
        var files = new[] { "esl", "auth", "pe", "keys" }.SelectMany(d => Directory.GetFiles(Path.Combine(root, d))).Order(StringComparer.Ordinal).ToList();

        var result = new SecureBootInspector(new InspectOptions()).Inspect(files);

        Assert.Equal(files.Count, result.Files.Count);
        Assert.All(result.Findings, f => Assert.NotNull(RuleCatalog.Find(f.RuleId)));
        Assert.All(SecureBootKeyRules.All, d => Assert.Same(d, RuleCatalog.Find(d.Id)));
    }

    [Fact]
    public void Inspect_json_carries_the_inventory()
    {
        var outcome = Support.Cli.Run("secureboot", "inspect", Vector("auth/db.auth"), "--format", "json");

        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Stdout);
        var file = json.RootElement.GetProperty("inventory")[0];
        Assert.Equal("auth", file.GetProperty("kind").GetString());
        var signature = file.GetProperty("items")[0];
        Assert.Equal("yes", signature.GetProperty("properties").GetProperty("verified").GetString());
        Assert.Equal("db", signature.GetProperty("properties").GetProperty("variable").GetString());
    }
}
